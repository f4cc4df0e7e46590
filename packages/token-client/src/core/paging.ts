import type { RowsPage } from "@layer/contracts";
import { LayerError } from "../errors/layer-error.js";
import { type CallPlan, endpoints } from "./endpoints.js";
import type { RetryLimits } from "./retry-policy.js";

/** Which rows a page run reads, and from where: the same for the async and the sync client. */
export interface PagesQuery {
  projectId: string;
  tableId: string;
  /** Column names to return; all when absent. */
  fields?: string[] | string;
  /** Rows per page (the API's `limit`: up to 10,000; its default when absent). */
  limit?: number;
  /** Resume from the cursor a previous run stopped at (`run.cursor`); null or absent: the first page. */
  cursor?: string | null;
  /** Only the rows this condition holds for (the API's filter language); sent with every page. */
  filter?: string;
  /** The order of the rows (`amount desc, customer`); sent with every page, as its cursors need. */
  sort?: string;
  /** Ask the first page for `count`, the rows matching the filter (later pages do not count again). */
  count?: boolean;
}

/** How a page run spends time, the same for both clients. */
export interface PagesOptions {
  /**
   * Time for the whole run, in ms of the client's clock from its first page. A page starts only
   * while the time left is more than the slowest page so far took (fetch plus the caller's work
   * on it), and its retries fit in what is left; otherwise the run stops with `stoppedBy:
   * "time_budget"` and `cursor` where the next run carries on.
   */
  timeBudgetMs?: number;
  /**
   * The longest single wait (a Retry-After, the session's shared deadline) a page waits out; a
   * longer one fails the page at once with the wait in the error (`retryAfterMs`), for a caller
   * that can pass the wait on instead (a proxy answering Retry-After).
   */
  maxWaitMs?: number;
  /**
   * Async client only: ask for the next page as soon as the headers of the one being read
   * announce it (`Link: <…>; rel="next"`), so the API works on it while this page's rows
   * download and parse. At most one page is asked ahead this way.
   */
  askOnHeaders?: boolean;
  /**
   * The most rows the caller will take from this run: no page is asked, ahead or not, once the
   * pages read and being read (counted at `limit` rows each) hold that many. The run then ends
   * with `cursor` where the next run starts.
   */
  maxRows?: number;
}

/** Where a page run stands: read it after (or during) the loop to save or resume. */
export interface PageRunState {
  /** Where the next page starts: the last page's `nextCursor`, the query's cursor before any; null once complete. */
  readonly cursor: string | null;
  /** The last page has been read. */
  readonly complete: boolean;
  /** Why the run stopped early without an error; null while running or once complete. */
  readonly stoppedBy: "time_budget" | null;
  readonly pagesRead: number;
  readonly rowsRead: number;
}

/** The decisions of a page run, shared by both drivers: what to ask next, when to stop. Owns no I/O. */
export interface PageWalk extends PageRunState {
  /**
   * The next page's call and the retry limits it must keep, or null when the run is over.
   * `announced`: the cursor a page still being read announced, to ask for the page after it early.
   */
  next(now: number, announced?: string): { plan: CallPlan; limits: Partial<RetryLimits> } | null;
  /** Records a page; returns the error to throw once the page has been handed over (a repeated cursor). */
  received(page: RowsPage): LayerError | null;
}

export function pageWalk(query: PagesQuery, options: PagesOptions = {}): PageWalk {
  if (typeof query !== "object" || query === null) throw new TypeError("pages() takes { projectId, tableId, … }");
  // A closure, not a class: the Apps Script bundle targets ES2019 (no class fields).
  let cursor: string | null = query.cursor ?? null;
  let complete = false;
  let stoppedBy: "time_budget" | null = null;
  let pagesRead = 0;
  let rowsRead = 0;
  let startedAt: number | null = null;
  let askedAt: number | null = null;
  let slowestMs = 0;
  const budget = nonNegative(options.timeBudgetMs);
  const maxWaitMs = nonNegative(options.maxWaitMs);
  const maxRows = nonNegative(options.maxRows);

  return {
    get cursor() {
      return cursor;
    },
    get complete() {
      return complete;
    },
    get stoppedBy() {
      return stoppedBy;
    },
    get pagesRead() {
      return pagesRead;
    },
    get rowsRead() {
      return rowsRead;
    },
    next(now, announced) {
      if (complete || stoppedBy !== null) return null;
      // A page asked early is still being read: its rows count as a whole page.
      const reading = announced === undefined ? 0 : (query.limit ?? Number.POSITIVE_INFINITY);
      if (maxRows !== undefined && rowsRead + reading >= maxRows) return null;
      if (startedAt === null) startedAt = now;
      // A page's cost includes what the caller did with the previous one (writing it to a sheet).
      if (askedAt !== null) slowestMs = Math.max(slowestMs, now - askedAt);
      const limits: Partial<RetryLimits> = {};
      if (budget !== undefined) {
        const left = budget - (now - startedAt);
        if (left <= slowestMs) {
          stoppedBy = "time_budget";
          return null;
        }
        limits.budgetMs = left;
      }
      if (maxWaitMs !== undefined) limits.maxWaitMs = maxWaitMs;
      askedAt = now;
      const plan = endpoints.rowsPage(query.projectId, query.tableId, {
        limit: query.limit,
        fields: query.fields,
        cursor: announced ?? cursor,
        filter: query.filter,
        sort: query.sort,
        count: query.count === true && pagesRead === 0 && announced === undefined,
      });
      return { plan, limits };
    },
    received(page) {
      pagesRead++;
      rowsRead += Array.isArray(page?.rows) ? page.rows.length : 0;
      try {
        const next = nextCursor(page, cursor, "paging");
        if (next === null) complete = true;
        cursor = next;
        return null;
      } catch (error) {
        return error as LayerError;
      }
    },
  };
}

function nonNegative(v: number | undefined): number | undefined {
  return typeof v === "number" && v >= 0 && !Number.isNaN(v) ? v : undefined;
}

/**
 * The cursor of the page after `page`, or null after the last one. A server that hands back the
 * cursor it was given would loop a connector forever: that is an error, not another page.
 */
export function nextCursor(page: unknown, previous: string | null | undefined, requestId: string): string | null {
  const next = typeof page === "object" && page !== null ? (page as { nextCursor?: unknown }).nextCursor : undefined;
  if (next === null) return null;
  if (typeof next !== "string" || next === "" || next === previous) {
    throw new LayerError({
      status: 200,
      code: "BAD_RESPONSE",
      requestId,
      message: "The Layer API returned a rows page without a usable next cursor; paging stopped to avoid a loop.",
    });
  }
  return next;
}

/** A page run of the async client: `for await (const page of run)`, then `run.cursor`, `run.complete`. */
export interface AsyncPageRun extends PageRunState, AsyncIterable<RowsPage> {}

/** A page run of the sync client: `for (const page of run)`, then `run.cursor`, `run.complete`. */
export interface SyncPageRun extends PageRunState, Iterable<RowsPage> {}

/** Exposes a walk's state next to the driver's iterator. */
export function withState<I extends object>(walk: PageWalk, iterable: I): PageRunState & I {
  const run = iterable as PageRunState & I;
  for (const key of ["cursor", "complete", "stoppedBy", "pagesRead", "rowsRead"] as const) {
    Object.defineProperty(run, key, { get: () => walk[key], enumerable: true });
  }
  return run;
}
