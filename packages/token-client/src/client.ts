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
import { Call } from "./core/call.js";
import { type CallConfig, type CommonClientOptions, callConfig } from "./core/config.js";
import { type CallPlan, endpoints, type RotateSelfOptions, type RowsPageOptions } from "./core/endpoints.js";
import { announcedCursor } from "./core/next-link.js";
import { type AsyncPageRun, type PagesOptions, type PagesQuery, pageWalk, withState } from "./core/paging.js";
import type { RetryLimits } from "./core/retry-policy.js";

export type { AsyncPageRun, PagesOptions, PagesQuery };
import type { RateLimitState } from "./core/rate-limit.js";
import { type ClientSession, newSession, observeResponse } from "./core/session.js";
import { maskToken } from "./token/mask-token.js";

/** Anything shaped like `fetch` (Node, browsers, Office, a test double). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  status: number;
  headers: { forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
}>;

export interface ClientOptions extends CommonClientOptions {
  /** Default: `globalThis.fetch`, looked up at each call so test interceptors apply. */
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Per attempt; default 30 s. An attempt that takes longer is a TimeoutError, retried like a connection failure. */
  timeoutMs?: number;
}

/** The async client over fetch. Its token lives in a private field: inspecting or serialising the client shows only the masked form. */
export class LayerClient {
  readonly #config: CallConfig;
  readonly #session: ClientSession = newSession();
  readonly #fetch: FetchLike | undefined;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #timeoutMs: number;

  constructor(options: ClientOptions) {
    this.#config = callConfig(options, defaultRandom());
    this.#fetch = options.fetch;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#timeoutMs = typeof options.timeoutMs === "number" && options.timeoutMs > 0 ? options.timeoutMs : 30_000;
  }

  get lastRateLimit(): RateLimitState | null {
    return this.#session.lastRateLimit;
  }

  get lastTokenExpiresAt(): string | null {
    return this.#session.lastTokenExpiresAt;
  }

  whoami(): Promise<WhoamiWithProjects> {
    return this.#run(endpoints.whoami()) as Promise<WhoamiWithProjects>;
  }
  listProjects(): Promise<ProjectList> {
    return this.#run(endpoints.listProjects()) as Promise<ProjectList>;
  }
  getProject(projectId: string): Promise<Project> {
    return this.#run(endpoints.getProject(projectId)) as Promise<Project>;
  }
  listTables(projectId: string): Promise<TableList> {
    return this.#run(endpoints.listTables(projectId)) as Promise<TableList>;
  }
  getTable(projectId: string, tableId: string): Promise<TableSchema> {
    return this.#run(endpoints.getTable(projectId, tableId)) as Promise<TableSchema>;
  }
  rowsPage(projectId: string, tableId: string, opts?: RowsPageOptions): Promise<RowsPage> {
    return this.#run(endpoints.rowsPage(projectId, tableId, opts)) as Promise<RowsPage>;
  }
  rotateSelf(opts?: RotateSelfOptions): Promise<RotatedToken> {
    return this.#run(endpoints.rotateSelf(opts)) as Promise<RotatedToken>;
  }

  /**
   * The pages of a table's rows in the API's stable order, until the last one, the run's time
   * budget, or an error; `run.cursor` is where a next run resumes. A server that hands back the
   * cursor it was given stops the run with a `BAD_RESPONSE` error.
   */
  pages(query: PagesQuery, options: PagesOptions = {}): AsyncPageRun {
    const walk = pageWalk(query, options);
    const clock = this.#config.clock;
    const run = (plan: CallPlan, limits: Partial<RetryLimits>, onHeaders?: (headers: Record<string, string>) => void) =>
      this.#run(plan, limits, onHeaders);
    /** A page asked for; `announced` is the cursor its headers named, once they arrived. */
    interface Asked {
      page: Promise<RowsPage>;
      announced?: string | null;
    }
    // The page being read, and the one its headers let us ask for early: at most one ahead.
    let reading: Asked | null = null;
    let early: { from: string; asked: Asked | null } | null = null;
    const askEarly = (asked: Asked) => {
      if (asked !== reading || early !== null || !asked.announced) return;
      early = { from: asked.announced, asked: ask(asked.announced) };
    };
    const ask = (announced?: string): Asked | null => {
      const step = walk.next(clock(), announced);
      if (step === null) return null;
      // Headers arrive after this function returned: `asked` is set by then.
      const onHeaders =
        options.askOnHeaders === true
          ? (headers: Record<string, string>) => {
              asked.announced = announcedCursor(headers);
              askEarly(asked);
            }
          : undefined;
      const asked: Asked = { page: run(step.plan, step.limits, onHeaders) as Promise<RowsPage> };
      // Awaited below when it is wanted; a run left early must not leave an unhandled rejection.
      asked.page.catch(() => undefined);
      return asked;
    };
    /** The page from the walk's cursor: the one asked early when it starts there, else a new ask. */
    const following = (): Asked | null => {
      const ahead: { from: string; asked: Asked | null } | null = early;
      early = null;
      if (ahead !== null && ahead.from === walk.cursor && ahead.asked !== null) return ahead.asked;
      return ask();
    };
    return withState<AsyncIterable<RowsPage>>(walk, {
      async *[Symbol.asyncIterator]() {
        for (let pending = ask(); pending !== null; ) {
          reading = pending;
          askEarly(pending);
          const page = await pending.page;
          const loop = walk.received(page);
          yield page;
          if (loop) throw loop;
          pending = following();
        }
      },
    });
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#config.baseUrl, token: maskToken(this.#config.token) };
  }

  [INSPECT](): string {
    return `LayerClient { baseUrl: '${this.#config.baseUrl}', token: '${maskToken(this.#config.token)}' }`;
  }

  async #run(
    plan: CallPlan,
    limits?: Partial<RetryLimits>,
    /** Told the headers of a 200 before its body is read. */
    onHeaders?: (headers: Record<string, string>) => void,
  ): Promise<unknown> {
    const call = new Call(plan, this.#config, limits);
    let step = call.start();
    for (;;) {
      switch (step.type) {
        case "send": {
          let res: ReceivedResponse;
          try {
            res = await this.#send(step.request, onHeaders);
          } catch (e) {
            step = call.onNoResponse(describe(e));
            break;
          }
          observeResponse(this.#session, res, this.#config.clock());
          step = call.onResponse(res);
          break;
        }
        case "sleep":
          await this.#sleep(step.ms);
          step = call.onSlept();
          break;
        case "done":
          return step.value;
        case "fail":
          throw step.error;
      }
    }
  }

  async #send(
    request: {
      method: string;
      url: string;
      headers: Record<string, string>;
      body?: string;
    },
    onHeaders?: (headers: Record<string, string>) => void,
  ): Promise<ReceivedResponse> {
    const doFetch = this.#fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!doFetch) throw new SendFailure(false, "no fetch is available in this runtime");
    const controller = typeof AbortController === "function" ? new AbortController() : undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller?.abort();
    }, this.#timeoutMs);
    try {
      const init: Parameters<FetchLike>[1] = { method: request.method, headers: request.headers };
      if (request.body !== undefined) init.body = request.body;
      if (controller) init.signal = controller.signal;
      const res = await doFetch(request.url, init);
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      if (res.status === 200) onHeaders?.(headers);
      return { status: res.status, headers, text: await res.text() };
    } catch (e) {
      throw new SendFailure(
        timedOut,
        timedOut ? `no answer within ${this.#timeoutMs} ms` : e instanceof Error ? e.message : String(e),
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A send that got no response; says whether our own timer fired. */
class SendFailure {
  constructor(
    readonly timedOut: boolean,
    readonly message: string,
  ) {}
}

function describe(e: unknown): { timedOut: boolean; message?: string } {
  if (e instanceof SendFailure) return { timedOut: e.timedOut, message: e.message };
  return { timedOut: false, message: e instanceof Error ? e.message : String(e) };
}

/** A CSPRNG where there is one (idempotency keys should not collide); Math.random otherwise. */
function defaultRandom(): () => number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c && typeof c.getRandomValues === "function") {
    const buf = new Uint32Array(1);
    return () => (c.getRandomValues!(buf)[0] ?? 0) / 2 ** 32;
  }
  return Math.random;
}

export function createClient(options: ClientOptions): LayerClient {
  return new LayerClient(options);
}
