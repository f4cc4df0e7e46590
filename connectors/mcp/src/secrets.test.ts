import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type StdioConnection } from "./test-support/stdio-client.js";

const DAY = 24 * 60 * 60 * 1000;
let api: TokenApi;
const captured: string[] = [];
const connections: StdioConnection[] = [];

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 300,
    rateLimits: { pilot: { "read-light": 1, "write-light": 1, "long-running": 1 } },
  });
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await api?.close();
});

/** Every way the server answers: results, thrown errors (resource reads), all kept as text. */
async function everything(mcp: StdioConnection): Promise<void> {
  const attempt = async (what: () => Promise<unknown>) => {
    try {
      captured.push(JSON.stringify(await what()));
    } catch (error) {
      captured.push(String(error), JSON.stringify(error), (error as Error).stack ?? "");
    }
  };
  await attempt(() => mcp.client.listTools());
  await attempt(() => mcp.call("token_status"));
  await attempt(() => mcp.call("list_projects"));
  await attempt(() => mcp.call("list_tables", { projectId: "prj_acme_tower" }));
  await attempt(() => mcp.call("describe_table", { projectId: "prj_acme_tower", tableId: "tbl_orders" }));
  await attempt(() => mcp.call("query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders", limit: 3 }));
  await attempt(() => mcp.call("query_rows", { projectId: "prj_nope", tableId: "tbl_orders", fields: ["x"] }));
  await attempt(() => mcp.client.listResources());
  await attempt(() => mcp.client.readResource({ uri: "layer://projects/prj_acme_tower/tables/tbl_nope" }));
}

async function start(variables: Record<string, string>): Promise<StdioConnection> {
  const mcp = await connectStdio({ LAYER_API_URL: api.url, ...variables });
  connections.push(mcp);
  return mcp;
}

describe("a token's secret appears in no tool result, log line or error", () => {
  it("through a token's whole life, and through bad pastes of it", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Claude Desktop - Secret",
      expiresAt: new Date(Date.now() + 2 * DAY),
    });
    const secret = token.slice(token.lastIndexOf(keyId) + keyId.length + 1);
    expect(secret).toHaveLength(43);

    const mcp = await start({ LAYER_API_TOKEN: token });
    await everything(mcp); // expiring soon: notices
    await api.operator.setTier(keyId, "pilot");
    await everything(mcp); // rate limited
    await api.operator.setTier(keyId, "standard");
    await api.operator.killKey(keyId);
    await everything(mcp); // killed
    await api.operator.restoreKey(keyId);
    await api.operator.revokeToken(keyId);
    await everything(mcp); // revoked

    // Pastes gone wrong around the very same secret.
    const pastes = [
      `"${token}"`,
      `${token}x`,
      `Bearer ${token}`,
      token.slice(0, -3),
      `${token.slice(0, 40)} ${token.slice(40)}`,
    ];
    for (const paste of pastes) await everything(await start({ LAYER_API_TOKEN: paste }));

    const logs = connections.map((c) => c.stderr());
    expect(logs.join("").length).toBeGreaterThan(0);
    const haystack = [...captured, ...logs].join("\n");
    expect(captured.length).toBeGreaterThan(50);
    expect(haystack).toContain(keyId); // the public key id is fine, and proves the search looks at the right text
    expect(haystack).not.toContain(secret);
    expect(haystack).not.toContain(secret.slice(0, 16));
    expect(haystack).not.toContain(secret.slice(-16));
  });
});
