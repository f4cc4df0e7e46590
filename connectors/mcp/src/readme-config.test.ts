import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");
let api: TokenApi;
let token: string;

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 100 });
  ({ token } = await api.operator.createToken({
    email: "ada@example.com",
    name: "Claude Desktop MCP server",
    expires: "90d",
  }));
});

afterAll(async () => {
  await api?.close();
});

/** The JSON block under the README's Claude Desktop marker, as a person would copy it. */
async function claudeDesktopConfigFromReadme(): Promise<{
  mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
}> {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const block = /<!-- claude-desktop-config[^>]*-->\s*```json\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no Claude Desktop config block");
  return JSON.parse(block);
}

describe("the README's Claude Desktop config", () => {
  it("starts the server as Claude Desktop would, and it answers initialize and a tool", async () => {
    const config = await claudeDesktopConfigFromReadme();
    const server = config.mcpServers["layer"];
    expect(server?.command).toBe("node");
    // What a person fills in: the checkout's path, the token, and here the test API's port.
    const args = (server?.args ?? []).map((a) => a.replace("/path/to/layer-connectors", REPO));
    const env = { ...server?.env, LAYER_API_TOKEN: token, LAYER_API_URL: api.url };
    expect(server?.env["LAYER_API_TOKEN"]).toBe("lp_live_…");
    const client = new Client({ name: "claude-ai", version: "0.1.0" });
    await client.connect(
      new StdioClientTransport({ command: server?.command ?? "", args, env: { ...getDefaultEnvironment(), ...env } }),
    );
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "layer" });
      expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, logging: {} });
      const status = await client.callTool({ name: "token_status", arguments: {} });
      expect(status.structuredContent).toMatchObject({ name: "Claude Desktop MCP server" });
    } finally {
      await client.close();
    }
  });
});

describe("the Claude Desktop config npm start prints", () => {
  it("starts this checkout's built server with the node running now", async () => {
    // The built package, as scripts/start.mjs imports it.
    const { claudeDesktopConfig } = await import("@layer/mcp");
    const server = claudeDesktopConfig({ apiUrl: api.url, token }).mcpServers["layer"];
    expect(server?.args[0]).toMatch(/connectors\/mcp\/dist\/stdio\.js$/);
    const client = new Client({ name: "claude-ai", version: "0.1.0" });
    await client.connect(
      new StdioClientTransport({ command: server?.command ?? "", args: server?.args ?? [], env: server?.env ?? {} }),
    );
    try {
      const status = await client.callTool({ name: "token_status", arguments: {} });
      expect(status.structuredContent).toMatchObject({ name: "Claude Desktop MCP server" });
    } finally {
      await client.close();
    }
  });
});
