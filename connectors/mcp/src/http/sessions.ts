import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { tokensEqual } from "@layer/token-client";

export interface HttpSession {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /** The token that opened the session: every later request of the session must carry the same. */
  token: string;
  keyId: string;
  lastSeen: number;
}

/**
 * Open MCP sessions of the HTTP transport, each bound to the token that initialized it, so that
 * sessions never share a token and a session id alone (it travels in a header) opens nothing.
 */
export class HttpSessions {
  readonly #sessions = new Map<string, HttpSession>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    readonly idleMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.#sweep = setInterval(() => void this.closeIdle(), Math.min(idleMs, 60_000));
    this.#sweep.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  add(id: string, session: HttpSession): void {
    this.#sessions.set(id, session);
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** The session, if it exists and belongs to this token. */
  find(id: string, token: string): { session: HttpSession } | { missing: true } | { otherToken: true } {
    const session = this.#sessions.get(id);
    if (!session) return { missing: true };
    if (!tokensEqual(session.token, token)) return { otherToken: true };
    session.lastSeen = this.clock();
    return { session };
  }

  async closeIdle(): Promise<void> {
    const cutoff = this.clock() - this.idleMs;
    for (const [id, session] of this.#sessions) {
      if (session.lastSeen < cutoff) await this.#close(id, session);
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweep);
    for (const [id, session] of this.#sessions) await this.#close(id, session);
  }

  async #close(id: string, session: HttpSession): Promise<void> {
    this.#sessions.delete(id);
    await session.transport.close().catch(() => {});
    await session.server.close().catch(() => {});
  }
}
