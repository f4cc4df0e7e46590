import { request } from "node:http";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stderrLog } from "../log.js";
import { readSettings } from "../settings.js";
import { textOf } from "../test-support/stdio-client.js";
import { type RunningHttpServer, startHttpServer } from "./http-server.js";

let api: TokenApi;
let mcp: RunningHttpServer;
let logged = "";
const clients: Client[] = [];
const ada = { token: "", keyId: "" };
const chen = { token: "", keyId: "" };

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 200,
    rateLimits: { pilot: { "read-light": 2, "write-light": 2, "long-running": 2 } },
  });
  Object.assign(
    ada,
    await api.operator.createToken({ email: "ada@example.com", name: "Remote agent - Ada", expires: "90d" }),
  );
  Object.assign(
    chen,
    await api.operator.createToken({ email: "chen@example.com", name: "Remote agent - Chen", expires: "30d" }),
  );
  mcp = await startHttpServer({
    settings: readSettings({ LAYER_API_URL: api.url }),
    log: stderrLog((line) => {
      logged += line;
    }),
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await mcp?.close();
  await api?.close();
});

async function connect(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "remote-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

/** A raw request, for the headers fetch will not let a caller set (Host). */
function rawPost(headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  const url = new URL(mcp.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

describe("the Streamable HTTP transport, through the SDK's Client", () => {
  it("binds to localhost by default", () => {
    expect(new URL(mcp.url).hostname).toBe("127.0.0.1");
  });

  it("serves each client with its own token, by Authorization: Bearer or X-Api-Key", async () => {
    const asAda = await connect({ Authorization: `Bearer ${ada.token}` });
    const asChen = await connect({ "X-Api-Key": chen.token });
    const [adaStatus, chenStatus] = await Promise.all([call(asAda, "token_status"), call(asChen, "token_status")]);
    expect(adaStatus.structuredContent).toMatchObject({ name: "Remote agent - Ada", keyId: ada.keyId });
    expect(chenStatus.structuredContent).toMatchObject({ name: "Remote agent - Chen", keyId: chen.keyId });
    const projects = await call(asChen, "list_projects");
    expect(projects.structuredContent?.["projects"]).toEqual([expect.objectContaining({ id: "prj_borealis_grid" })]);
    const rows = await call(asAda, "query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders", limit: 5 });
    expect(rows.structuredContent).toMatchObject({ returnedRows: 5, totalRows: 200 });
  });

  it("refuses a session's id with another token", async () => {
    const asAda = await connect({ "X-Api-Key": ada.token });
    await call(asAda, "list_projects");
    const sessionId = asAda.transport?.sessionId ?? "";
    expect(sessionId).not.toBe("");
    const hijack = await rawPost(
      { "X-Api-Key": chen.token, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "token_status", arguments: {} } },
    );
    expect(hijack.status).toBe(403);
    expect(hijack.body).toContain("opened with another token");
    const bare = await rawPost(
      { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
      { jsonrpc: "2.0", id: 3, method: "tools/list", params: {} },
    );
    expect(bare.status).toBe(401);
  });

  it("answers 401 with what to send when the token is missing or malformed, never echoing it", async () => {
    const missing = await rawPost({}, INITIALIZE);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.message).toMatch(/Authorization: Bearer <token>.*X-Api-Key/);
    const pasted = `"${ada.token}"`;
    const quoted = await rawPost({ Authorization: `Bearer ${pasted}` }, INITIALIZE);
    expect(quoted.status).toBe(401);
    expect(quoted.body).toMatch(/quotation marks/);
    expect(quoted.body).not.toContain(ada.token.slice(-20));
    const basic = await rawPost({ Authorization: "Basic dXNlcjpwYXNz" }, INITIALIZE);
    expect(basic.status).toBe(401);
    expect(JSON.parse(basic.body).error.message).toMatch(/must be "Bearer <your Layer token>"/);
    await expect(connect({})).rejects.toThrow();
  });

  it("a revoked token's session gets the rotation steps for the header, not the variable", async () => {
    const doomed = await api.operator.createToken({
      email: "ada@example.com",
      name: "Remote agent - Doomed",
      expires: "90d",
    });
    const client = await connect({ Authorization: `Bearer ${doomed.token}` });
    await api.operator.revokeToken(doomed.keyId);
    const result = await call(client, "list_projects");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/"Remote agent - Doomed".*revoked.*Authorization \(or X-Api-Key\) header/s);
  });

  it("sessions of one token share its rate limit's wait: the second sends nothing the API would refuse", async () => {
    const busy = await api.operator.createToken({
      email: "ada@example.com",
      name: "Remote agent - Busy",
      expires: "90d",
    });
    const first = await connect({ "X-Api-Key": busy.token });
    const second = await connect({ Authorization: `Bearer ${busy.token}` });
    await api.operator.setTier(busy.keyId, "pilot");
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${api.url}/v1/projects`, { headers: { "X-Api-Key": busy.token } });
      await res.arrayBuffer();
    }
    const limited = await call(first, "list_projects");
    expect(textOf(limited)).toMatch(/rate limit .*is spent\. Try again in \d+ s/);
    const before = api.requestCount(busy.keyId);
    const held = await call(second, "list_tables", { projectId: "prj_acme_tower" });
    expect(held.isError).toBe(true);
    expect(textOf(held)).toMatch(/rate limit of this token \(lp_live_[0-9A-Z]{16}_…\) is spent\. Try again in \d+ s/);
    expect(api.requestCount(busy.keyId) - before).toBe(0);
  });

  it("refuses a foreign Host (DNS rebinding) and a foreign browser Origin, before reading the token", async () => {
    const host = await rawPost({ Host: "evil.example.com", "X-Api-Key": ada.token }, INITIALIZE);
    expect(host.status).toBe(403);
    const origin = await rawPost({ Origin: "http://evil.example.com", "X-Api-Key": ada.token }, INITIALIZE);
    expect(origin.status).toBe(403);
    const localPage = await rawPost({ Origin: "http://localhost:5173", "X-Api-Key": ada.token }, INITIALIZE);
    expect(localPage.status).toBe(200);
  });

  it("will not bind beyond localhost without the host names clients use", async () => {
    await expect(
      startHttpServer({ settings: readSettings({ LAYER_API_URL: api.url }), log: () => {}, host: "0.0.0.0" }),
    ).rejects.toThrow(/LAYER_MCP_ALLOWED_HOSTS/);
  });

  it("logs each request with the token's public key id only", () => {
    expect(logged).toContain(`"keyId":"${ada.keyId}"`);
    expect(logged).not.toContain(ada.token);
    expect(logged).not.toContain(chen.token);
  });
});
