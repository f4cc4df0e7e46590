import type { ProjectList, Project, RotatedToken, RowsPage, TableList, TableSchema, Whoami } from "@layer/contracts";
import type { ReceivedResponse } from "./errors/from-response.js";
import { Call, type OutgoingRequest } from "./core/call.js";
import { type CallConfig, type CommonClientOptions, callConfig } from "./core/config.js";
import { type CallPlan, endpoints, type RotateSelfOptions, type RowsPageOptions } from "./core/endpoints.js";
import { nextCursor } from "./core/paging.js";
import type { RateLimitState } from "./core/rate-limit.js";
import { type ClientSession, newSession, observeResponse } from "./core/session.js";
import { maskToken } from "./token/mask-token.js";

// This file and everything it imports run in Apps Script: no fetch, timers, URL, TextEncoder or
// crypto (PLATFORM.md). The bundle test in sync-bundle.test.ts holds that line.

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

export interface SyncPagesOptions {
  limit?: number;
  fields?: string[] | string;
  cursor?: string | null;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** The synchronous client over an UrlFetchApp-like transport; same calls as `LayerClient`. */
export class LayerSyncClient {
  readonly #config: CallConfig;
  readonly #session: ClientSession = newSession();
  readonly #transport: UrlFetchTransport;
  readonly #sleep: (ms: number) => void;

  constructor(options: SyncClientOptions) {
    this.#config = callConfig(options, Math.random);
    if (!options.transport || typeof options.transport.fetch !== "function") {
      throw new TypeError("transport is required (UrlFetchApp in Apps Script)");
    }
    this.#transport = options.transport;
    const utilities = (globalThis as { Utilities?: { sleep?: (ms: number) => void } }).Utilities;
    const sleep = options.sleep ?? (utilities?.sleep ? (ms: number) => utilities.sleep!(ms) : undefined);
    if (!sleep) throw new TypeError("sleep is required (ms => Utilities.sleep(ms) in Apps Script)");
    this.#sleep = sleep;
  }

  get lastRateLimit(): RateLimitState | null {
    return this.#session.lastRateLimit;
  }

  get lastTokenExpiresAt(): string | null {
    return this.#session.lastTokenExpiresAt;
  }

  whoami(): Whoami {
    return this.#run(endpoints.whoami()) as Whoami;
  }
  listProjects(): ProjectList {
    return this.#run(endpoints.listProjects()) as ProjectList;
  }
  getProject(projectId: string): Project {
    return this.#run(endpoints.getProject(projectId)) as Project;
  }
  listTables(projectId: string): TableList {
    return this.#run(endpoints.listTables(projectId)) as TableList;
  }
  getTable(projectId: string, tableId: string): TableSchema {
    return this.#run(endpoints.getTable(projectId, tableId)) as TableSchema;
  }
  rowsPage(projectId: string, tableId: string, opts?: RowsPageOptions): RowsPage {
    return this.#run(endpoints.rowsPage(projectId, tableId, opts)) as RowsPage;
  }
  rotateSelf(opts?: RotateSelfOptions): RotatedToken {
    return this.#run(endpoints.rotateSelf(opts)) as RotatedToken;
  }

  *pages(projectId: string, tableId: string, opts: SyncPagesOptions = {}): Generator<RowsPage, void, undefined> {
    let cursor = opts.cursor ?? null;
    for (;;) {
      const page = this.#run(endpoints.rowsPage(projectId, tableId, { limit: opts.limit, fields: opts.fields, cursor })) as RowsPage;
      yield page;
      const next = nextCursor(page, cursor, "paging");
      if (next === null) return;
      cursor = next;
    }
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#config.baseUrl, token: maskToken(this.#config.token) };
  }

  [INSPECT](): string {
    return `LayerSyncClient { baseUrl: '${this.#config.baseUrl}', token: '${maskToken(this.#config.token)}' }`;
  }

  #run(plan: CallPlan): unknown {
    const call = new Call(plan, this.#config);
    let step = call.start();
    for (;;) {
      switch (step.type) {
        case "send": {
          let res: ReceivedResponse;
          try {
            res = this.#send(step.request);
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            step = call.onNoResponse({ timedOut: /time(d)? ?out/i.test(message), message });
            break;
          }
          observeResponse(this.#session, res, this.#config.clock());
          step = call.onResponse(res);
          break;
        }
        case "sleep":
          this.#sleep(step.ms);
          step = call.onSlept();
          break;
        case "done":
          return step.value;
        case "fail":
          throw step.error;
      }
    }
  }

  #send(request: OutgoingRequest): ReceivedResponse {
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
    const res = this.#transport.fetch(request.url, params);
    return { status: res.getResponseCode(), headers: lowerCaseHeaders(res.getAllHeaders()), text: res.getContentText() };
  }
}

function lowerCaseHeaders(raw: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

export function createSyncClient(options: SyncClientOptions): LayerSyncClient {
  return new LayerSyncClient(options);
}
