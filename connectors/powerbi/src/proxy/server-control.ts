import type { AddressInfo } from "node:net";
import { createProxy } from "./app.js";
import type { ProxyOptions } from "./options.js";

export interface StartProxyOptions extends ProxyOptions {
  /** Default 8788 (DEVELOPING.md "Ports"); 0 picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
}

export interface RunningProxy {
  /** e.g. "http://127.0.0.1:8788" */
  url: string;
  /** The OData service root, e.g. "http://127.0.0.1:8788/odata". */
  serviceUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the proxy and resolves once it listens. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const host = options.host ?? "127.0.0.1";
  const server = createProxy(options);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8788, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // Listening on every address, the URL to show is the loopback's: "0.0.0.0" does not open everywhere.
  const shown = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const url = `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
  return {
    url,
    serviceUrl: `${url}/odata`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
