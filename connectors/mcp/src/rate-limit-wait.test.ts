import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type StdioConnection } from "./test-support/stdio-client.js";

// A short limiter window, so that the API's Retry-After fits the server's 20 s budget.
let api: TokenApi;
let mcp: StdioConnection | undefined;

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 100,
    rateLimits: { pilot: { "read-light": 2, "write-light": 2, "long-running": 2 } },
    rateLimitWindowSeconds: 8,
  });
});

afterAll(async () => {
  await mcp?.close();
  await api?.close();
});

describe("a rate limit within the wait budget", () => {
  it("waits Retry-After, tells the client why in a log message, then answers", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Claude Desktop - Patient",
      expires: "90d",
    });
    mcp = await connectStdio({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
    const logs: string[] = [];
    mcp.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(String(n.params.data));
    });
    await api.operator.setTier(keyId, "pilot");
    let limited = false;
    for (let i = 0; i < 5 && !limited; i++) {
      const res = await fetch(`${api.url}/v1/projects`, { headers: { "X-Api-Key": token } });
      await res.arrayBuffer();
      limited = res.status === 429 && Number(res.headers.get("retry-after")) <= 8;
    }
    expect(limited).toBe(true);
    const before = api.requestCount(keyId);
    const result = await mcp.call("list_projects");
    expect(result.isError).toBeFalsy();
    expect(api.requestCount(keyId) - before).toBe(2);
    expect(logs.join("\n")).toMatch(/answered RATE_LIMITED; waiting \d+ s before retry 1/);
  });
});
