/**
 * The Layer MCP server through a token's life: the built stdio server in its own process, as
 * Claude Desktop starts it (LAYER_API_URL and LAYER_API_TOKEN in its config), driven by the MCP
 * SDK's Client against one live token API. Requests counted at the API.
 */
import { connectStdio, type StdioConnection, textOf } from "@layer/mcp/testing";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_LIMITS, spendUntilLimited } from "../support/limits.js";

const ORDERS_ROWS = 1_000;
const DAY = 24 * 60 * 60 * 1000;
let api: TokenApi;
const servers: StdioConnection[] = [];

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: ORDERS_ROWS, rateLimits: PILOT_LIMITS });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await api?.close();
});

/** Claude Desktop starting the server with this token in its config. */
async function claudeWith(token: string): Promise<StdioConnection> {
  const server = await connectStdio({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token }, "claude-ai");
  servers.push(server);
  return server;
}

const ada = (name: string, expiresAt?: Date) =>
  api.operator.createToken({
    email: "ada@example.com",
    name,
    ...(expiresAt ? { expiresAt } : { expires: "90d" as const }),
  });

const firstRows = (mcp: StdioConnection) =>
  mcp.call("query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders", fields: ["order_id"] });

describe("the MCP server through a token's life", () => {
  it("warns about a token expiring in 3 days, by name, on every answer, and token_status gives the steps", async () => {
    const { token } = await ada("Claude Desktop - Soon", new Date(Date.now() + 3 * DAY));
    const mcp = await claudeWith(token);
    const rows = await firstRows(mcp);
    expect(rows.isError).toBeFalsy();
    expect(rows.structuredContent).toMatchObject({ returnedRows: 100, totalRows: ORDERS_ROWS });
    expect(rows.structuredContent?.["notice"]).toMatch(/"Claude Desktop - Soon" expires in 3 days/);
    const status = await mcp.call("token_status");
    expect(status.structuredContent).toMatchObject({
      name: "Claude Desktop - Soon",
      daysLeft: 3,
      rotation: { reason: "expiring_soon" },
    });
    expect(textOf(status)).toContain(`${api.url}/account/api?create=1&name=Layer%20MCP%20server%20-%20claude-ai`);
    expect(textOf(status)).not.toContain(token);
  });

  it("shows no notice for a token far from expiry", async () => {
    const mcp = await claudeWith((await ada("Claude Desktop - Calm")).token);
    const rows = await firstRows(mcp);
    expect(rows.structuredContent?.["notice"]).toBeUndefined();
    expect((await mcp.call("token_status")).structuredContent).toMatchObject({ daysLeft: 90, rotation: null });
  });

  it("on a revoked token names it, says when, and lists the rotation steps, with one request and no retry", async () => {
    const { token, keyId } = await ada("Claude Desktop - Revoked");
    const mcp = await claudeWith(token);
    expect((await firstRows(mcp)).isError).toBeFalsy();
    await api.operator.revokeToken(keyId);
    const before = api.requestCount(keyId);
    const result = await firstRows(mcp);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/"Claude Desktop - Revoked" \([0-9A-Z]{16}\): it was revoked on \d{4}-\d{2}-\d{2}/);
    expect(textOf(result)).toMatch(/1\. Create a new token .*create=1.*\n2\. Put the new token in LAYER_API_TOKEN/);
    expect(api.requestCount(keyId) - before).toBe(1);
    expect(textOf(result)).not.toContain(token);
  });

  it("on a killed key says an administrator switched it off, with no retry storm; restored, it answers again", async () => {
    const { token, keyId } = await ada("Claude Desktop - Killed");
    const mcp = await claudeWith(token);
    await api.operator.killKey(keyId);
    const before = api.requestCount(keyId);
    const result = await firstRows(mcp);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/An administrator turned off API access/);
    expect(api.requestCount(keyId) - before).toBe(1);
    await api.operator.restoreKey(keyId);
    expect((await firstRows(mcp)).isError).toBeFalsy();
  });

  it("when rate limited past what an agent should wait, says when to try again, without retrying", async () => {
    const { token, keyId } = await ada("Claude Desktop - Busy");
    const mcp = await claudeWith(token);
    expect((await mcp.call("list_projects")).isError).toBeFalsy();
    await api.operator.setTier(keyId, "pilot");
    await spendUntilLimited(api.url, token, 21);
    const before = api.requestCount(keyId);
    const result = await firstRows(mcp);
    expect(result.isError).toBe(true);
    const seconds = Number(/Try again in (\d+) s/.exec(textOf(result))?.[1]);
    expect(seconds).toBeGreaterThan(20);
    expect(seconds).toBeLessThanOrEqual(60); // the API's rate-limit window
    expect(api.requestCount(keyId) - before).toBe(1);
  });

  it("rotates in the safe order: created, put in the config, verified, switched, old revoked; answers never stop", async () => {
    const old = await ada("Claude Desktop MCP server");
    const before = await claudeWith(old.token);
    expect((await firstRows(before)).isError).toBeFalsy();
    const next = await ada("Claude Desktop MCP server (new)"); // created
    expect((await firstRows(before)).isError).toBeFalsy();
    const after = await claudeWith(next.token); // put in the config, Claude Desktop restarted
    expect((await after.call("token_status")).structuredContent).toMatchObject({
      name: "Claude Desktop MCP server (new)", // verified
    });
    expect((await firstRows(after)).isError).toBeFalsy(); // switched
    await api.operator.revokeToken(old.keyId); // old revoked
    expect((await firstRows(after)).isError).toBeFalsy();
    expect((await firstRows(before)).isError).toBe(true);
  });

  it("when the token's owner is removed from a project, says it is not visible and keeps serving the rest", async () => {
    const { token } = await api.operator.createToken({
      email: "ben@example.com",
      name: "Claude Desktop - Ben",
      expires: "90d",
    });
    const mcp = await claudeWith(token);
    expect((await mcp.call("list_tables", { projectId: "prj_acme_tower" })).isError).toBeFalsy();
    await api.operator.removeMember("prj_acme_tower", "ben@example.com");
    const result = await mcp.call("describe_table", { projectId: "prj_acme_tower", tableId: "tbl_orders" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no table "tbl_orders" of project "prj_acme_tower", or this token cannot see it/);
    expect((await mcp.call("token_status")).isError).toBeFalsy();
  });
});
