import { fileURLToPath } from "node:url";

/** This checkout's stdio entry, as an absolute path: MCP clients start it from their own directory. */
export const STDIO_SERVER_PATH = fileURLToPath(new URL("./stdio.js", import.meta.url));

export interface ClaudeDesktopConfigOptions {
  apiUrl: string;
  /** What goes in LAYER_API_TOKEN; a placeholder when printed for a person to fill in. */
  token: string;
  /** Default: the Node running now, by absolute path (a desktop app's PATH may not have `node`). */
  nodePath?: string;
  serverName?: string;
}

/** The `mcpServers` entry Claude Desktop (and Cursor, same format) needs to start this server. */
export function claudeDesktopConfig(options: ClaudeDesktopConfigOptions): {
  mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
} {
  return {
    mcpServers: {
      [options.serverName ?? "layer"]: {
        command: options.nodePath ?? process.execPath,
        args: [STDIO_SERVER_PATH],
        env: { LAYER_API_URL: options.apiUrl, LAYER_API_TOKEN: options.token },
      },
    },
  };
}
