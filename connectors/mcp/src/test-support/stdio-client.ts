import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** The built server, started as an MCP client's config starts it. */
export const STDIO_ENTRY = fileURLToPath(new URL("../../dist/stdio.js", import.meta.url));

export interface StdioConnection {
  client: Client;
  /** Everything the server wrote to stderr so far (its log). */
  stderr(): string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Starts the built stdio server in its own process with exactly these variables, and connects the SDK's Client. */
export async function connectStdio(
  variables: Record<string, string>,
  clientName = "layer-tests",
): Promise<StdioConnection> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO_ENTRY],
    env: { PATH: process.env["PATH"] ?? "", ...variables },
    stderr: "pipe",
  });
  let log = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString("utf8");
  });
  const client = new Client({ name: clientName, version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => log,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text blocks of a tool result, joined. */
export function textOf(result: CallToolResult): string {
  return result.content
    .filter((c): c is { type: "text"; text: string } => c.type === "text")
    .map((c) => c.text)
    .join("\n");
}
