import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Plays the part of a remote MCP client's "headers" config for a client that has none (the
 * conformance suite): forwards every request unchanged (Host and Origin included) and adds the
 * Layer token when the request carries none.
 */
export async function startHeaderProxy(
  targetPort: number,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (!headers.authorization && !headers["x-api-key"]) headers.authorization = `Bearer ${token}`;
    const upstream = request(
      { host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
