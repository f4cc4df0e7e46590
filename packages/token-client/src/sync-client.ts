import { INSPECT } from "./core/inspect.js";
import type {
  ProjectList,
  Project,
  RotatedToken,
  RowsPage,
  TableList,
  TableSchema,
  WhoamiWithProjects,
} from "@layer/contracts";
import type { ReceivedResponse } from "./errors/from-response.js";
import { Call, type OutgoingRequest } from "./core/call.js";
import { type CallConfig, type CommonClientOptions, callConfig } from "./core/config.js";
import { type CallPlan, endpoints, type RotateSelfOptions, type RowsPageOptions } from "./core/endpoints.js";
import { type PagesOptions, type PagesQuery, pageWalk, type SyncPageRun, withState } from "./core/paging.js";
import type { RetryLimits } from "./core/retry-policy.js";
import type { RateLimitState } from "./core/rate-limit.js";
import { type ClientSession, newSession, observeResponse } from "./core/session.js";
import { maskToken } from "./token/mask-token.js";

// This file and everything it imports run in Apps Script: no fetch, timers, URL, TextEncoder or
// crypto (docs/hosts.md). The bundle test in sync-bundle.test.ts holds that line.

/** The options of `UrlFetchApp.fetch` this client uses. */
export interface UrlFetchParams {
  method: "get" | "post";
  headers: Record<string, string>;
  payload?: string;
  contentType?: string;
  muteHttpExceptions: true;
  followRedirects: boolean;
}

export interface UrlFetchResponseLike {
  getResponseCode(): number;
  getContentText(): string;
  /** Header names may be lower-cased; a repeated header may be an array. */
  getAllHeaders(): object;
}

/** Anything shaped like `UrlFetchApp`. */
export interface UrlFetchTransport {
  fetch(url: string, params: UrlFetchParams): UrlFetchResponseLike;
}

export interface SyncClientOptions extends CommonClientOptions {
  transport: UrlFetchTransport;
  /** Default: `Utilities.sleep` where it exists. */
  sleep?: (ms: number) => void;
}

/** The sync client pages with the same options as the async one. */
export type SyncPagesOptions = PagesOptions;

/** The synchronous client: the same calls as `LayerClient`, returning values instead of promises. */
export interface LayerSyncClient {
  readonly lastRateLimit: RateLimitState | null;
  readonly lastTokenExpiresAt: string | null;
  whoami(): WhoamiWithProjects;
  listProjects(): ProjectList;
  getProject(projectId: string): Project;
  listTables(projectId: string): TableList;
  getTable(projectId: string, tableId: string): TableSchema;
  rowsPage(projectId: string, tableId: string, opts?: RowsPageOptions): RowsPage;
  rotateSelf(opts?: RotateSelfOptions): RotatedToken;
  /** The pages of a table's rows, as `LayerClient.pages` (same query, options and guard), synchronously. */
  pages(query: PagesQuery, options?: SyncPagesOptions): SyncPageRun;
  toJSON(): Record<string, unknown>;
}

/**
 * The sync driver. A closure rather than a class: the token stays out of reach of inspection and
 * serialisation, and the Apps Script bundle (ES2019, no class fields there) needs no private-field helpers.
 */
export function createSyncClient(options: SyncClientOptions): LayerSyncClient {
  const config: CallConfig = callConfig(options, Math.random);
  if (!options.transport || typeof options.transport.fetch !== "function") {
    throw new TypeError("transport is required (UrlFetchApp in Apps Script)");
  }
  const transport = options.transport;
  const utilities = (globalThis as { Utilities?: { sleep?: (ms: number) => void } }).Utilities;
  const sleep = options.sleep ?? (utilities?.sleep ? (ms: number) => utilities.sleep!(ms) : undefined);
  if (!sleep) throw new TypeError("sleep is required (ms => Utilities.sleep(ms) in Apps Script)");
  const session: ClientSession = newSession();

  function run(plan: CallPlan, limits?: Partial<RetryLimits>): unknown {
    const call = new Call(plan, config, limits);
    let step = call.start();
    for (;;) {
      switch (step.type) {
        case "send": {
          let res: ReceivedResponse;
          try {
            res = send(transport, step.request);
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            step = call.onNoResponse({ timedOut: /time(d)? ?out/i.test(message), message });
            break;
          }
          observeResponse(session, res, config.clock());
          step = call.onResponse(res);
          break;
        }
        case "sleep":
          sleep!(step.ms);
          step = call.onSlept();
          break;
        case "done":
          return step.value;
        case "fail":
          throw step.error;
      }
    }
  }

  const masked = () => ({ baseUrl: config.baseUrl, token: maskToken(config.token) });
  return {
    get lastRateLimit() {
      return session.lastRateLimit;
    },
    get lastTokenExpiresAt() {
      return session.lastTokenExpiresAt;
    },
    whoami: () => run(endpoints.whoami()) as WhoamiWithProjects,
    listProjects: () => run(endpoints.listProjects()) as ProjectList,
    getProject: (projectId) => run(endpoints.getProject(projectId)) as Project,
    listTables: (projectId) => run(endpoints.listTables(projectId)) as TableList,
    getTable: (projectId, tableId) => run(endpoints.getTable(projectId, tableId)) as TableSchema,
    rowsPage: (projectId, tableId, opts) => run(endpoints.rowsPage(projectId, tableId, opts)) as RowsPage,
    rotateSelf: (opts) => run(endpoints.rotateSelf(opts)) as RotatedToken,
    pages(query, options = {}) {
      const walk = pageWalk(query, options);
      return withState<Iterable<RowsPage>>(walk, {
        *[Symbol.iterator]() {
          for (let step = walk.next(config.clock()); step !== null; step = walk.next(config.clock())) {
            const page = run(step.plan, step.limits) as RowsPage;
            const loop = walk.received(page);
            yield page;
            if (loop) throw loop;
          }
        },
      });
    },
    toJSON: masked,
    [INSPECT]: () => `LayerSyncClient ${JSON.stringify(masked())}`,
    toString: () => `LayerSyncClient ${JSON.stringify(masked())}`,
  } as LayerSyncClient;
}

function send(transport: UrlFetchTransport, request: OutgoingRequest): ReceivedResponse {
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  // UrlFetchApp takes the body's type as an option, not a header.
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === "content-type") contentType = value;
    else headers[name] = value;
  }
  const params: UrlFetchParams = {
    method: request.method === "POST" ? "post" : "get",
    headers,
    muteHttpExceptions: true,
    followRedirects: true,
  };
  if (request.body !== undefined) params.payload = request.body;
  if (contentType !== undefined) params.contentType = contentType;
  const res = transport.fetch(request.url, params);
  return { status: res.getResponseCode(), headers: lowerCaseHeaders(res.getAllHeaders()), text: res.getContentText() };
}

function lowerCaseHeaders(raw: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}
