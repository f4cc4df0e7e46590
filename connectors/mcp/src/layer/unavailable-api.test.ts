import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLog } from "../log.js";
import { createLayerMcpServer } from "../server.js";
import { readSettings, readToken, TOKEN_FROM_ENV } from "../settings.js";
import { textOf } from "../test-support/stdio-client.js";

// The live API has no switch for "a dependency is down": a fetch in front of it answers 503
// SERVICE_UNAVAILABLE (as the contract words it, with Retry-After) for the first requests.
let api: TokenApi;
let token: string;

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 100 });
  ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "MCP - Outage", expires: "90d" }));
});

afterAll(async () => {
  await api?.close();
});

function outage(failures: number, retryAfterSeconds: number) {
  const seen = { requests: 0 };
  const fetchWithOutage: typeof fetch = async (input, init) => {
    seen.requests++;
    if (seen.requests <= failures) {
      return new Response(
        JSON.stringify({
          error: { code: "SERVICE_UNAVAILABLE", message: "the database is unavailable", requestId: "req_outage" },
        }),
        { status: 503, headers: { "content-type": "application/json", "retry-after": String(retryAfterSeconds) } },
      );
    }
    return fetch(input, init);
  };
  return { seen, fetch: fetchWithOutage };
}

async function callWith(fetchImpl: typeof fetch, apiUrl = api.url): Promise<CallToolResult> {
  const settings = readSettings({ LAYER_API_URL: apiUrl });
  const server = createLayerMcpServer({
    settings,
    token: readToken(token, TOKEN_FROM_ENV, settings),
    source: TOKEN_FROM_ENV,
    log: silentLog,
    fetch: fetchImpl,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "outage-test", version: "1.0.0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  try {
    return (await client.callTool({ name: "list_projects", arguments: {} })) as CallToolResult;
  } finally {
    await client.close();
  }
}

describe("503 SERVICE_UNAVAILABLE and an unreachable API", () => {
  it("retries a short outage within the budget and answers", async () => {
    const { seen, fetch } = outage(2, 1);
    const result = await callWith(fetch);
    expect(result.isError).toBeFalsy();
    expect(seen.requests).toBe(3);
  });

  it("does not wait out a Retry-After beyond the budget: says when to try again", async () => {
    const { seen, fetch } = outage(1, 30);
    const result = await callWith(fetch);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/temporarily unavailable \(SERVICE_UNAVAILABLE\).*Try again in 30 s/);
    expect(seen.requests).toBe(1);
  });

  it("names the address when nothing answers there", async () => {
    const result = await callWith(fetch, "http://127.0.0.1:9");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Cannot reach the Layer API at http:\/\/127\.0\.0\.1:9 .*LAYER_API_URL/);
  });
});
