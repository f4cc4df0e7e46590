import type { Row, RowsPage } from "@layer/contracts";
import { notImplemented } from "../odata/errors.js";
import type { RowFilter } from "../odata/filter.js";
import type { PropertyModel } from "../odata/model.js";
import type { OrderByItem } from "../odata/query-options.js";
import type { PagingState } from "../odata/skiptoken.js";

/**
 * The upstream pages of one table from `cursor` on, `limit` rows each: the token client's page run
 * (its retries, waits and repeated-cursor guard), or the one page of an entity set the proxy
 * answers itself. Pulling the next page before writing the current one fetches it ahead.
 */
export type ReadPages = (from: {
  cursor: string | null;
  limit: number;
  /** The most rows the response takes from this run (unknown under a filter applied here): nothing is read past them. */
  rows?: number | undefined;
}) => AsyncIterable<RowsPage>;

/**
 * Upstream pages asked for ahead of the one being written, at most: the API works on the next
 * page while the proxy writes this one. One: two were measured, with no throughput gain that
 * stood out of the loaded build machine's noise and 8 MB more at the proxy's peak.
 */
export const FETCH_AHEAD = 1;

/** A page run whose first page was already asked for (a nextLink asks while the schema is read). */
export interface StartedRun {
  pages: AsyncIterator<RowsPage>;
  first: Promise<IteratorResult<RowsPage>>;
  /** Rows per upstream page of this run. */
  limit: number;
}

export function startRun(pages: AsyncIterable<RowsPage>, limit: number): StartedRun {
  const iterator = pages[Symbol.asyncIterator]();
  const first = iterator.next();
  // Awaited later, or dropped when the request turns out to need other columns.
  first.catch(() => undefined);
  return { pages: iterator, first, limit };
}

export interface PagePlan {
  filter: RowFilter | null;
  orderBy: OrderByItem[];
  key: PropertyModel;
  /** Most rows in one OData response. */
  pageSize: number;
  /** Rows per upstream request. */
  upstreamPageSize: number;
  /** Largest table the proxy sorts in memory for an $orderby the API cannot serve. */
  maxSortRows: number;
  rowCount: number;
  /**
   * True for an upstream failure after which the page may end early, at the exact row reached,
   * with a nextLink (server-driven paging allows short pages). Called only once rows were emitted:
   * before that, the failure becomes the response's own status.
   */
  endsEarly?: (error: unknown) => boolean;
}

/** Receives the rows of the response in order, a batch at a time; resolves when they are written. */
export type EmitRows = (rows: Row[]) => Promise<void>;

/** The API serves rows in primary-key order; any other order has to be sorted here. */
export function isApiOrder(plan: Pick<PagePlan, "orderBy" | "key">): boolean {
  return (
    plan.orderBy.length === 0 ||
    (plan.orderBy.length === 1 && plan.orderBy[0]?.property.name === plan.key.name && !plan.orderBy[0].descending)
  );
}

/** Fails early (before any row is read) when the result could not be produced faithfully. */
export function checkPlan(plan: PagePlan): void {
  if (!isApiOrder(plan) && plan.rowCount > plan.maxSortRows) {
    throw notImplemented(
      `$orderby other than the key (${plan.key.name} asc) needs sorting in the proxy, which it does only for tables of at most ${plan.maxSortRows} rows; this one has ${plan.rowCount}. Sort in Power BI instead.`,
      "$orderby",
    );
  }
}

/**
 * Answers one OData page: emits its rows and returns where the next page starts, or null on the
 * last page. In the API's order it holds at most two upstream pages at once (the one being
 * written and the next, fetched meanwhile), whatever the table's size.
 */
export async function readPage(
  readPages: ReadPages,
  plan: PagePlan,
  state: PagingState,
  emit: EmitRows,
  /** The run from `state.cursor`, already started as `runFrom` says (a nextLink starts it before the schema arrives). */
  started?: StartedRun,
): Promise<PagingState | null> {
  if (state.remaining === 0) return null;
  return isApiOrder(plan)
    ? readInApiOrder(readPages, plan, state, emit, started)
    : readSorted(readPages, plan, state, emit);
}

/**
 * Where a response in the API's order starts its upstream run; the rows per request (without a
 * filter every row counts, so a response that needs fewer rows than an upstream page asks for no
 * more); and the most rows it takes from the run: those it passes over in the first page and the
 * ones it sends (unknown when the proxy itself filters).
 */
export function runFrom(
  filtered: boolean,
  pageSize: number,
  upstreamPageSize: number,
  state: PagingState,
): { cursor: string | null; limit: number; rows: number | undefined } {
  if (filtered) return { cursor: state.cursor, limit: upstreamPageSize, rows: undefined };
  const rows = state.offset + state.skip + Math.min(pageSize, state.remaining ?? Infinity);
  return { cursor: state.cursor, limit: Math.max(1, Math.min(upstreamPageSize, rows)), rows };
}

async function readInApiOrder(
  readPages: ReadPages,
  plan: PagePlan,
  state: PagingState,
  emit: EmitRows,
  started: StartedRun | undefined,
): Promise<PagingState | null> {
  let { cursor, offset, skip, remaining } = state;
  let emitted = 0;
  const from = runFrom(plan.filter !== null, plan.pageSize, plan.upstreamPageSize, state);
  const run = started ?? startRun(readPages(from), from.limit);
  // The run's next pages, asked for ahead: the first is the one read next.
  const ahead = [run.first];
  const fetchAhead = () => {
    const page = run.pages.next();
    page.catch(() => undefined);
    ahead.push(page);
  };
  let begun = false;
  const emitting: EmitRows = (rows) => {
    begun = true;
    return emit(rows);
  };
  for (;;) {
    if (ahead.length === 0) fetchAhead();
    let result: IteratorResult<RowsPage>;
    try {
      result = await (ahead.shift() as Promise<IteratorResult<RowsPage>>);
    } catch (error) {
      // Every row before this upstream page is written: the page ends here, whole.
      if (begun && plan.endsEarly?.(error)) return { cursor, offset, skip, remaining, count: state.count };
      throw error;
    }
    if (result.done) return null;
    const rows = result.value.rows;
    const next = result.value.nextCursor;
    const available = rows.length - offset;
    const needed = Math.min(plan.pageSize - emitted, remaining ?? Infinity);
    if (next !== null && available - skip < needed) {
      // This page cannot fill the response: fetch the next ones while writing this one, as many
      // as the response still needs (unknown with a filter: one), never more than FETCH_AHEAD.
      const later = needed + skip - available;
      const pagesNeeded = plan.filter === null ? Math.ceil(later / run.limit) : 1;
      while (ahead.length < Math.min(FETCH_AHEAD, pagesNeeded)) fetchAhead();
    }
    let batch: Row[] = [];
    for (let i = offset; i < rows.length; i++) {
      const row = rows[i] as Row;
      if (plan.filter !== null && !plan.filter.matches(row)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (emitted === plan.pageSize) {
        await emitting(batch);
        return { cursor, offset: i, skip: 0, remaining, count: state.count };
      }
      batch.push(row);
      emitted++;
      if (remaining !== null && --remaining === 0) {
        await emitting(batch);
        return null;
      }
      if (batch.length === 500) {
        await emitting(batch);
        batch = [];
      }
    }
    await emitting(batch);
    if (next === null) return null;
    if (emitted === plan.pageSize) return { cursor: next, offset: 0, skip, remaining, count: state.count };
    cursor = next;
    offset = 0;
  }
}

/** An $orderby the API cannot serve: the whole (filtered) table, bounded by maxSortRows, sorted here. */
async function readSorted(
  readPages: ReadPages,
  plan: PagePlan,
  state: PagingState,
  emit: EmitRows,
): Promise<PagingState | null> {
  checkPlan(plan);
  const matching: Row[] = [];
  for await (const page of readPages({ cursor: null, limit: plan.upstreamPageSize })) {
    for (const row of page.rows) if (plan.filter === null || plan.filter.matches(row)) matching.push(row);
    if (matching.length > plan.maxSortRows) checkPlan({ ...plan, rowCount: matching.length });
  }
  matching.sort(comparator(plan.orderBy, plan.key));
  const start = state.skip;
  const take = Math.min(plan.pageSize, state.remaining ?? Infinity);
  const rows = matching.slice(start, start + take);
  await emit(rows);
  const remaining = state.remaining === null ? null : state.remaining - rows.length;
  const position = start + rows.length;
  if (position >= matching.length || remaining === 0) return null;
  return { cursor: null, offset: 0, skip: position, remaining, count: state.count };
}

/** Rows matching the filter, all pages read, none kept. */
export async function countRows(
  readPages: ReadPages,
  filter: RowFilter | null,
  upstreamPageSize: number,
): Promise<number> {
  if (filter === null) {
    // The API counts the table on every page: one row is enough to ask.
    for await (const page of readPages({ cursor: null, limit: 1 })) return page.totalRows;
    return 0;
  }
  let count = 0;
  for await (const page of readPages({ cursor: null, limit: upstreamPageSize }))
    for (const row of page.rows) if (filter.matches(row)) count++;
  return count;
}

/** OData ordering: nulls first ascending (OData 4.01 §11.2.6.2), ties broken by the key. */
function comparator(orderBy: OrderByItem[], key: PropertyModel): (a: Row, b: Row) => number {
  const items = [...orderBy, { property: key, descending: false }];
  return (a, b) => {
    for (const { property, descending } of items) {
      const x = a[property.column] ?? null;
      const y = b[property.column] ?? null;
      let order = 0;
      if (x === null || y === null) order = x === y ? 0 : x === null ? -1 : 1;
      else if (property.type === "datetime") order = Date.parse(String(x)) - Date.parse(String(y));
      else order = x < y ? -1 : x > y ? 1 : 0;
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}
