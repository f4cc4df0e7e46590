import type { Express } from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientErrors } from "./http/client-error.js";

export interface Listening {
  server: Server;
  url: string;
  close(drainMs?: number): Promise<void>;
}

export function listen(app: Express, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://${reachableHost(address)}:${address.port}`,
        // Graceful: no new connections, idle ones closed, in-flight requests finish;
        // whatever is still open after `drainMs` is cut.
        close: (drainMs = 10_000) =>
          new Promise<void>((done) => {
            const cut = setTimeout(() => server.closeAllConnections(), drainMs);
            cut.unref();
            server.close(() => {
              clearTimeout(cut);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
    answerClientErrors(server);
  });
}

/**
 * The host of a URL that reaches the server from this machine: listening on every address
 * (HOST=0.0.0.0 or ::), that is the loopback, since a browser cannot open "0.0.0.0" everywhere.
 */
function reachableHost(address: AddressInfo): string {
  if (address.address === "0.0.0.0") return "127.0.0.1";
  if (address.address === "::") return "[::1]";
  return address.family === "IPv6" ? `[${address.address}]` : address.address;
}
