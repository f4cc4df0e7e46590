import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type StdioConnection, textOf } from "./test-support/stdio-client.js";

const DAY = 24 * 60 * 60 * 1000;
let api: TokenApi;
/** The API's clock runs this far ahead of the real one: expiry without waiting. */
let apiClockAhead = 0;
const open: StdioConnection[] = [];

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 500,
    clock: () => new Date(Date.now() + apiClockAhead),
    rateLimits: { pilot: { "read-light": 2, "write-light": 2, "long-running": 2 } },
  });
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await api?.close();
});

async function serverWith(variables: Record<string, string>): Promise<StdioConnection> {
  const connection = await connectStdio(variables);
  open.push(connection);
  return connection;
}

async function tokenFor(name: string, options: { email?: string; expiresAt?: Date } = {}) {
  return api.operator.createToken({
    email: options.email ?? "ada@example.com",
    name,
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : { expires: "90d" as const }),
  });
}

const ALL_TOOLS: [string, Record<string, unknown>][] = [
  ["token_status", {}],
  ["list_projects", {}],
  ["list_tables", { projectId: "prj_acme_tower" }],
  ["describe_table", { projectId: "prj_acme_tower", tableId: "tbl_orders" }],
  ["query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders" }],
];

describe("a configuration that cannot work keeps the server up, and every tool says what to fix", () => {
  it.each([
    ["no LAYER_API_TOKEN", {}, /LAYER_API_TOKEN is not set.*account page.*restart the server/s],
    ["a quoted paste", { LAYER_API_TOKEN: '"lp_live_0123456789ABCDEF_x"' }, /LAYER_API_TOKEN: .*quotation marks/],
    ["a truncated paste", { LAYER_API_TOKEN: "lp_live_0123456789ABCDEF_abc" }, /LAYER_API_TOKEN: .*incomplete/],
    ["only the key id", { LAYER_API_TOKEN: "lp_live_0123456789ABCDEF_…" }, /LAYER_API_TOKEN: .*public ID/],
  ])("%s", async (_case, variables, expected) => {
    const mcp = await serverWith({ LAYER_API_URL: api.url, ...variables });
    expect((await mcp.client.listTools()).tools).toHaveLength(5);
    for (const [name, args] of ALL_TOOLS) {
      const result = await mcp.call(name, args);
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(expected);
    }
  });

  it("a live token where LAYER_TOKEN_ENV asks for a test one", async () => {
    const { token } = await tokenFor("MCP - wrong env");
    const mcp = await serverWith({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token, LAYER_TOKEN_ENV: "test" });
    const result = await mcp.call("list_projects");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/LAYER_API_TOKEN: This is a live token, .*test token.*LAYER_TOKEN_ENV is "test"/);
  });

  it("no LAYER_API_URL", async () => {
    const { token } = await tokenFor("MCP - no url");
    const mcp = await serverWith({ LAYER_API_TOKEN: token });
    const result = await mcp.call("token_status");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/LAYER_API_URL is not set.*"LAYER_API_URL": "http:\/\/127\.0\.0\.1:8787"/);
  });
});

describe("the token's life, through the real API", () => {
  it("warns in results while the token expires within 7 days; once expired, names it and gives the rotation steps", async () => {
    const { token, keyId } = await tokenFor("Claude Desktop - Soon", { expiresAt: new Date(Date.now() + 3 * DAY) });
    const mcp = await serverWith({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
    const listed = await mcp.call("list_projects");
    expect(listed.isError).toBeFalsy();
    expect(listed.structuredContent?.["notice"]).toMatch(
      /the Layer token "Claude Desktop - Soon" expires in 3 days.*account\/api\?create=1/,
    );
    expect(textOf(listed)).toContain("Notice: ");
    const status = await mcp.call("token_status");
    expect(status.structuredContent).toMatchObject({ daysLeft: 3, rotation: { reason: "expiring_soon" } });
    const rotation = status.structuredContent?.["rotation"] as { steps: string[] } | undefined;
    expect(rotation?.steps.join("\n")).toMatch(
      /LAYER_API_TOKEN.*restart the server.*token_status.*revoke the old token "Claude Desktop - Soon"/s,
    );

    apiClockAhead = 4 * DAY;
    try {
      const before = api.requestCount(keyId);
      const expired = await mcp.call("query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders" });
      expect(expired.isError).toBe(true);
      const text = textOf(expired);
      expect(text).toMatch(
        /refused the token "Claude Desktop - Soon" \([0-9A-Z]{16}\): it expired on \d{4}-\d{2}-\d{2}/,
      );
      expect(text).toMatch(/1\. Create a new token named "Layer MCP server - layer-tests".*create=1/);
      expect(text).toMatch(/2\. Put the new token in LAYER_API_TOKEN/);
      expect(text).toMatch(/4\. Then revoke the old token/);
      expect(api.requestCount(keyId) - before).toBe(1);
    } finally {
      apiClockAhead = 0;
    }
  });

  it("a revoked token: named, when, the steps without a revoke, and no retry", async () => {
    const { token, keyId } = await tokenFor("Claude Desktop - Revoked");
    const mcp = await serverWith({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
    expect((await mcp.call("list_projects")).isError).toBeFalsy();
    await api.operator.revokeToken(keyId);
    const before = api.requestCount(keyId);
    const result = await mcp.call("list_tables", { projectId: "prj_acme_tower" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/"Claude Desktop - Revoked".*was revoked on \d{4}-\d{2}-\d{2}/);
    expect(textOf(result)).not.toMatch(/revoke the old token/);
    expect(api.requestCount(keyId) - before).toBe(1);
  });

  it("a killed key: an administrator turned off access, never retried; restored, it works again", async () => {
    const { token, keyId } = await tokenFor("Claude Desktop - Killed");
    const mcp = await serverWith({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
    await api.operator.killKey(keyId);
    const before = api.requestCount(keyId);
    const result = await mcp.call("list_projects");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/An administrator turned off API access for this token.*Retrying will not help/);
    expect(api.requestCount(keyId) - before).toBe(1);
    await api.operator.restoreKey(keyId);
    expect((await mcp.call("list_projects")).isError).toBeFalsy();
  });

  it("a member removed from a project: the project's tables are not found, nothing crashes", async () => {
    const { token } = await tokenFor("Claude Desktop - Ben", { email: "ben@example.com" });
    const mcp = await serverWith({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
    expect((await mcp.call("list_tables", { projectId: "prj_acme_tower" })).isError).toBeFalsy();
    await api.operator.removeMember("prj_acme_tower", "ben@example.com");
    try {
      const result = await mcp.call("list_tables", { projectId: "prj_acme_tower" });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/no project "prj_acme_tower", or this token cannot see it.*list_projects/);
      expect((await mcp.call("list_projects")).structuredContent?.["projects"]).toEqual([]);
    } finally {
      await api.operator.addMember("prj_acme_tower", "ben@example.com");
    }
  });

  it("rate limited beyond the 20 s budget: says when to try again, without waiting or retrying", async () => {
    const { token, keyId } = await tokenFor("Claude Desktop - Busy");
    await api.operator.setTier(keyId, "pilot");
    const retryAfter = await spendReadLight(token);
    expect(retryAfter).toBeGreaterThan(20);
    const mcp = await serverWith({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
    const before = api.requestCount(keyId);
    const result = await mcp.call("list_projects");
    expect(result.isError).toBe(true);
    const seconds = Number(/Try again in (\d+) s/.exec(textOf(result))?.[1]);
    expect(seconds).toBeGreaterThan(20);
    expect(seconds).toBeLessThanOrEqual(retryAfter);
    expect(textOf(result)).toMatch(
      /rate limit for read-light requests of this token \(lp_live_[0-9A-Z]{16}_…\) is spent/,
    );
    expect(api.requestCount(keyId) - before).toBe(1);
  });
});

/** Spends a pilot key's read-light budget with direct requests; the 429's Retry-After in seconds. */
async function spendReadLight(token: string): Promise<number> {
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${api.url}/v1/projects`, { headers: { "X-Api-Key": token } });
    await res.arrayBuffer();
    if (res.status === 429) return Number(res.headers.get("retry-after"));
  }
  throw new Error("the token API never answered 429 for a pilot key");
}
