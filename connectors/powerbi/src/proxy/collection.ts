import type { IncomingMessage } from "node:http";
import type { Row } from "@layer/contracts";
import type { EntitySetModel, PropertyModel } from "../odata/model.js";
import { parseQueryOptions, shapingOptions } from "../odata/query-options.js";
import { decodeSkipToken, encodeSkipToken, queryDigest, type PagingState } from "../odata/skiptoken.js";
import type { Exchange } from "./app.js";
import { entitySetAt, findEntitySet } from "./catalog.js";
import { endsPageEarly } from "./page-end.js";
import {
  checkPlan,
  countRows,
  readPage,
  runFrom,
  startRun,
  type PagePlan,
  type ReadPages,
  type StartedRun,
} from "./paging.js";
import { JSON_TYPE, baseHeaders, sendBody, write } from "./respond.js";

/** `$filter` and `$orderby` in the API's words (docs/filters.md), and whether to count. */
type Folded = { filter?: string; sort?: string; count?: boolean };

/** An entity set the proxy answers itself (the token status), read through the same query options and paging as a table. */
export interface LocalEntitySet {
  model: EntitySetModel;
  rowCount: number;
  readPages: ReadPages;
}

/**
 * One entity set's rows (or their /$count): one OData page streamed from upstream pages, with
 * an absolute nextLink carrying the paging state when more rows follow.
 */
export async function sendCollection(
  exchange: Exchange,
  name: string,
  countOnly: boolean,
  local?: LocalEntitySet,
): Promise<void> {
  const { req, res, url, requestId, serviceRoot, client, options } = exchange;
  const digest = queryDigest(name, shapingOptions(url.searchParams));
  const skipToken = countOnly ? null : url.searchParams.get("$skiptoken");
  const resumed = skipToken ? decodeSkipToken(skipToken, digest) : null;
  const preferred = preferredPageSize(req);
  const pageSize = Math.min(options.pageSize, preferred ?? Infinity);
  // The token client's page runs of this table with these columns. A Retry-After longer than the
  // proxy absorbs fails the page at once, for the client to wait instead.
  // Folded: the API filters, sorts and counts; `filter` and `sort` ride with every page.
  const upstreamPages =
    (projectId: string, tableId: string, fields: string[] | null, folded: Folded = {}): ReadPages =>
    ({ cursor, limit, rows }) =>
      client.pages(
        { projectId, tableId, limit, cursor, ...(fields ? { fields } : {}), ...folded },
        // The next upstream page is asked for as soon as this one's headers name it, never past
        // the rows this response takes.
        { maxWaitMs: options.absorbWaitMs, askOnHeaders: true, ...(rows === undefined ? {} : { maxRows: rows }) },
      );
  /** The unfiltered upstream run of a response in the API's order from `state`, started now. */
  const runAt = (table: { projectId: string; tableId: string; fields: string[] | null }, state: PagingState) => {
    const from = runFrom(false, pageSize, options.upstreamPageSize, state);
    return startRun(upstreamPages(table.projectId, table.tableId, table.fields)(from), from.limit);
  };
  // A nextLink in the API's order knows its first upstream request already: ask for it while
  // the schema is read, instead of one after the other.
  // A folded $filter or $orderby changes the first upstream request: no early start for those.
  const readsAhead = !local && !url.searchParams.has("$orderby") && !url.searchParams.has("$filter");
  const early: StartedRun | undefined = (() => {
    if (!resumed || !skipToken || !readsAhead) return undefined;
    const parked = exchange.readAhead.take(exchange.token, exchange.organization, skipToken);
    if (parked) {
      exchange.logFields["readAhead"] = true;
      return parked;
    }
    return runAt(resumed.table, resumed.state);
  })();
  const { model, rowCount } =
    local ?? (resumed ? await entitySetAt(client, name, resumed.table) : await findEntitySet(client, name));
  const query = parseQueryOptions(url.searchParams, model, !local);
  const folded: Folded = {
    ...(query.apiFilter === undefined ? {} : { filter: query.apiFilter }),
    ...(query.apiSort === undefined ? {} : { sort: query.apiSort }),
  };
  const plan: PagePlan = {
    filter: query.filter,
    // A folded $orderby comes back from the API in order: nothing left to sort here.
    orderBy: local ? query.orderBy : [],
    key: model.key,
    pageSize,
    upstreamPageSize: options.upstreamPageSize,
    maxSortRows: options.maxSortRows,
    rowCount,
    endsEarly: (error) => {
      const code = endsPageEarly(error, options.now());
      // The operator sees why this page is short; the client meets the same answer next.
      if (code !== null) exchange.logFields["endedEarlyBy"] = code;
      return code !== null;
    },
  };
  const fields = query.selectGiven
    ? neededColumns(
        query.select,
        model.key,
        query.filter?.columns,
        query.orderBy.map((o) => o.property),
      )
    : undefined;
  const readPages: ReadPages =
    local?.readPages ?? upstreamPages(model.projectId, model.tableId, fields ?? null, folded);
  // Folded, a count is one upstream request: the API counts the filtered rows itself.
  const countMatching = async () => {
    if (local) return countRows(readPages, query.filter, options.upstreamPageSize);
    const counted = upstreamPages(model.projectId, model.tableId, [model.key.column], { ...folded, count: true });
    for await (const page of counted({ cursor: null, limit: 1 })) return page.count ?? page.totalRows;
    return 0;
  };

  if (countOnly) {
    const count = await countMatching();
    sendBody(
      res,
      200,
      { ...baseHeaders(requestId), "Content-Type": "text/plain;charset=utf-8" },
      String(count),
      exchange.head,
    );
    return;
  }

  checkPlan(plan);
  if (exchange.head) {
    sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": JSON_TYPE }, "", true);
    return;
  }
  const state: PagingState = resumed?.state ?? {
    cursor: null,
    offset: 0,
    skip: query.skip,
    remaining: query.top,
    count: null,
  };
  if (query.count && state.count === null) state.count = await countMatching();

  const context = `${serviceRoot}/$metadata#${model.name}${query.selectGiven ? `(${query.select.map((p) => p.name).join(",")})` : ""}`;
  const serialize = rowSerializer(query.select);
  // The API's rows already carry exactly the columns, named as the properties: native
  // JSON.stringify of the batch is the cheapest faithful serialization.
  const verbatim = !query.selectGiven && query.select.every((p) => p.name === p.column);
  let started = false;
  const start = async () => {
    started = true;
    res.writeHead(200, {
      ...baseHeaders(requestId),
      "Content-Type": JSON_TYPE,
      ...(preferred === null ? {} : { "Preference-Applied": `odata.maxpagesize=${plan.pageSize}` }),
    });
    const count = query.count && state.count !== null ? `,"@odata.count":${state.count}` : "";
    await write(res, `{"@odata.context":${JSON.stringify(context)}${count},"value":[`);
  };
  let firstRow = true;
  // The early request stands only if it asked for the columns this request needs (a schema change would differ).
  const resumedRun = early && sameColumns(fields ?? null, resumed?.table.fields ?? null) ? early : undefined;
  const next = await readPage(
    readPages,
    plan,
    state,
    async (rows: Row[]) => {
      if (!started) await start();
      if (rows.length === 0) return;
      const text = verbatim ? JSON.stringify(rows).slice(1, -1) : rows.map(serialize).join(",");
      await write(res, firstRow ? text : `,${text}`);
      firstRow = false;
    },
    resumedRun,
  );
  if (!started) await start();
  if (next === null) {
    res.end("]}");
    return;
  }
  const table = { projectId: model.projectId, tableId: model.tableId, fields: fields ?? null };
  const nextToken = encodeSkipToken(next, digest, table);
  res.end(`],"@odata.nextLink":${JSON.stringify(nextLinkUrl(serviceRoot, model.name, query.shaping, nextToken))}}`);
  // A page ended by a wait would meet the same wait again: read ahead only after a whole page.
  if (readsAhead && exchange.logFields["endedEarlyBy"] === undefined) {
    exchange.readAhead.park(exchange.token, exchange.organization, nextToken, runAt(table, next));
  }
}

function sameColumns(a: string[] | null, b: string[] | null): boolean {
  return a === null || b === null ? a === b : a.length === b.length && a.every((column, index) => column === b[index]);
}

function neededColumns(
  select: PropertyModel[],
  key: PropertyModel,
  filterColumns: Set<string> | undefined,
  orderBy: PropertyModel[],
): string[] {
  const columns = new Set<string>([
    key.column,
    ...select.map((p) => p.column),
    ...(filterColumns ?? []),
    ...orderBy.map((p) => p.column),
  ]);
  return [...columns];
}

/** One entity as JSON, property names as in $metadata; values are already JSON-typed by the API. */
function rowSerializer(properties: PropertyModel[]): (row: Row) => string {
  const parts = properties.map((p) => [`${JSON.stringify(p.name)}:`, p.column] as const);
  return (row) => {
    let text = "{";
    for (let i = 0; i < parts.length; i++) {
      const [name, column] = parts[i] as readonly [string, string];
      const value = row[column];
      text +=
        (i === 0 ? "" : ",") +
        name +
        (value === undefined ? "null" : typeof value === "string" ? JSON.stringify(value) : String(value));
    }
    return `${text}}`;
  };
}

function nextLinkUrl(serviceRoot: string, entitySet: string, shaping: [string, string][], skipToken: string): string {
  const query = [...shaping, ["$skiptoken", skipToken] as [string, string]]
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join("&");
  return `${serviceRoot}/${encodeURIComponent(entitySet)}?${query}`;
}

/** `Prefer: odata.maxpagesize=N` (OData 4.01 §8.2.8.3); null when absent. */
function preferredPageSize(req: IncomingMessage): number | null {
  const prefer = req.headers["prefer"];
  const text = Array.isArray(prefer) ? prefer.join(",") : (prefer ?? "");
  const match = /(?:^|[,;\s])(?:odata\.)?maxpagesize\s*=\s*"?(\d{1,9})"?/i.exec(text);
  if (!match) return null;
  const size = Number(match[1]);
  return size >= 1 ? size : null;
}
