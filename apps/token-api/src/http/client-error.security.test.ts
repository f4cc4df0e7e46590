import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { isSaneRequestId } from "./request-id.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read any envelope or body without declaring its shape
type AnyBody = any;

let api: TokenApi;
beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 10 });
});
afterAll(() => api?.close());

/** Raw bytes to the server, its whole answer back (it closes the connection). */
function raw(bytes: string | Buffer): Promise<{ status: number; headers: Record<string, string>; body: AnyBody }> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", body = ""] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body;
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: parsed });
    });
    socket.write(bytes);
  });
}

describe("requests Node's parser refuses", () => {
  const cases: [string, string | Buffer, number][] = [
    ["a control byte in a header value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n", 400],
    ["a header name with a space", "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n", 400],
    ["a 1 MB header field", `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(1_000_000)}\r\n\r\n`, 431],
    [
      "Content-Length with Transfer-Encoding",
      "POST /v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400,
    ],
    ["a malformed request line", "GARBAGE\r\n\r\n", 400],
    [
      "a bad chunk size",
      "POST /v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      400,
    ],
  ];
  it.each(cases)("answers %s in the envelope with a request id", async (_name, bytes, status) => {
    const reply = await raw(bytes);
    expect(reply.status).toBe(status);
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(reply.body.error.code).toBe(status === 431 ? "PAYLOAD_TOO_LARGE" : "VALIDATION_FAILED");
    expect(reply.body.error.requestId).toMatch(/^req_/);
    expect(reply.headers["x-request-id"]).toBe(reply.body.error.requestId);
  });
});

describe("a request refused on its header fields, then bad bytes in its body", () => {
  it("gets one answer: the refusal, and the connection closes", async () => {
    const { port } = new URL(api.url);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (c) => chunks.push(c));
      socket.on("error", reject);
      socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
      // No JSON content type: the route refuses before reading the body, whose chunk size is bad.
      socket.write("POST /v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    });
    expect(text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(text).toContain("400 Bad Request");
    expect(text).toContain("must be JSON");
  });
});

describe("request ids", () => {
  it("echoes a sane id and a UUID, and replaces anything token-shaped, too long or odd", async () => {
    const token = `lp_live_${"A".repeat(16)}_${"b".repeat(43)}`;
    for (const id of ["abc-123", "550e8400-e29b-41d4-a716-446655440000", "req_x1.2:3"])
      expect(
        (await call(`${api.url}/v1/whoami`, { headers: { "X-Request-Id": id } })).headers.get("x-request-id"),
      ).toBe(id);
    for (const id of [token, "b".repeat(43), `layer_${"0".repeat(64)}`, "x".repeat(129), "a b", "é", ""]) {
      const r = await call(`${api.url}/v1/whoami`, { headers: { "X-Request-Id": id } });
      expect(r.headers.get("x-request-id")).toMatch(/^req_/);
      expect(r.body.error.requestId).toBe(r.headers.get("x-request-id"));
      expect(r.text).not.toContain("bbbbbbbbbb");
    }
    expect(isSaneRequestId(`secret-${"Zz09".repeat(10)}`)).toBe(false);
  });
});
