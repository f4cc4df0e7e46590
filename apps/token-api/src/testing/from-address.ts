import { request } from "node:http";

// biome-ignore lint/suspicious/noExplicitAny: tests read any envelope or body without declaring its shape
type AnyBody = any;

/**
 * A GET sent from a given loopback address (Linux answers on all of 127.0.0.0/8), so a test can
 * be two clients: the owner and a stranger at another address.
 */
export function getFrom(
  localAddress: string,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: AnyBody }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}
