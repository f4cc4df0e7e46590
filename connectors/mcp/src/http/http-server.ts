import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createThrottle, type SharedThrottle } from "@layer/token-client";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Request, Response } from "express";
import type { Log } from "../log.js";
import { createLayerMcpServer } from "../server.js";
import { ORGANIZATION_ID, type ServerSettings, TOKEN_FROM_HEADER } from "../settings.js";
import { originCheck } from "./origin-check.js";
import { HttpSessions } from "./sessions.js";
import { tokenFromHeaders } from "./token-header.js";

export const LOCAL_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"];

export interface HttpServerOptions {
  settings: ServerSettings;
  log: Log;
  /** Default 127.0.0.1: reachable from this machine only. */
  host?: string;
  port?: number;
  /** Host names (no port) the Host header may carry; required to bind anywhere but localhost. */
  allowedHosts?: string[];
  /** Browser origins allowed beyond pages served from an allowed host name. */
  allowedOrigins?: string[];
  /** A session unused this long is closed (default 30 minutes). */
  sessionIdleMs?: number;
  clock?: () => number;
}

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:8789/mcp. */
  url: string;
  sessions: HttpSessions;
  close(): Promise<void>;
}

/**
 * The Streamable HTTP transport for remote clients: each client sends its own Layer token with
 * every request; a session is bound to the token that opened it.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? "127.0.0.1";
  const local = ["127.0.0.1", "localhost", "::1"].includes(host);
  const allowedHosts = options.allowedHosts?.length ? options.allowedHosts : local ? LOCAL_HOSTNAMES : null;
  if (!allowedHosts) {
    throw new Error(
      `Binding to ${host} needs LAYER_MCP_ALLOWED_HOSTS (the host names clients use to reach this server), so that DNS rebinding cannot reach it.`,
    );
  }
  const { settings, log } = options;
  const sessions = new HttpSessions(options.sessionIdleMs ?? 30 * 60_000, options.clock);
  // Sessions of one token spend the same rate limits: a wait the API asks of one is every one's.
  const throttles = new Map<string, SharedThrottle>();
  const throttleOf = (keyId: string) => {
    const known = throttles.get(keyId);
    if (known) return known;
    const throttle = createThrottle();
    throttles.set(keyId, throttle);
    return throttle;
  };
  const app = createMcpExpressApp({ host, allowedHosts });
  app.use(originCheck(allowedHosts, options.allowedOrigins ?? []));

  app.all("/mcp", async (req: Request, res: Response) => {
    const started = Date.now();
    const token = tokenFromHeaders(req.headers, settings);
    let sessionId = header(req, "mcp-session-id");
    res.on("finish", () =>
      log("http request", {
        method: req.method,
        status: res.statusCode,
        keyId: token.ok ? token.token.keyId : null,
        session: (sessionId ?? "").slice(0, 8) || null,
        ms: Date.now() - started,
      }),
    );
    if (!token.ok) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="Layer"');
      return rpcError(res, 401, token.problem);
    }
    if (sessionId) {
      const found = sessions.find(sessionId, token.token.value);
      if ("missing" in found)
        return rpcError(res, 404, "This MCP session does not exist (any more): initialize a new one.");
      if ("otherToken" in found) return rpcError(res, 403, "This MCP session was opened with another token.");
      await found.session.transport.handleRequest(req, res, req.body);
      return;
    }
    if (req.method !== "POST" || !isInitializeRequest(req.body)) {
      return rpcError(res, 400, "Start with an initialize request (no Mcp-Session-Id header yet).");
    }
    // A remote client picks its session's organization as the API takes it: a Layer-Organization header.
    const organization = header(req, "layer-organization")?.trim();
    if (organization !== undefined && organization !== "" && !ORGANIZATION_ID.test(organization)) {
      return rpcError(
        res,
        400,
        'The Layer-Organization header must be one organization id such as "org_acme" (token_status lists yours).',
      );
    }
    const server = createLayerMcpServer({
      settings,
      token,
      source: TOKEN_FROM_HEADER,
      log,
      ...(organization ? { organization } : {}),
      throttle: throttleOf(token.token.keyId),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessionId = id;
        sessions.add(id, {
          server,
          transport,
          token: token.token.value,
          keyId: token.token.keyId,
          lastSeen: Date.now(),
        });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  const listening = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = listening.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    sessions,
    async close() {
      await sessions.closeAll();
      await new Promise<void>((resolve) => listening.close(() => resolve()));
      listening.closeAllConnections();
    },
  };
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function rpcError(res: Response, status: number, message: string): void {
  res.status(status).json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
}
