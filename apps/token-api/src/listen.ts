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
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        // Graceful (issue 4): no new connections, idle ones closed, in-flight requests finish;
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
