import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Row } from "@layer/contracts";
import { createClient, parseToken, type LayerClient } from "@layer/token-client";
import { metadataDocument, serviceDocument } from "../odata/csdl.js";
import { ODataError, notFound, notImplemented } from "../odata/errors.js";
import type { PropertyModel } from "../odata/model.js";
import { parseQueryOptions, shapingOptions } from "../odata/query-options.js";
import { decodeSkipToken, encodeSkipToken, queryDigest, type PagingState } from "../odata/skiptoken.js";
import { entitySetAt, entitySetModels, entitySetRefs, findEntitySet } from "./catalog.js";
import { loggableUrl, requestToken } from "./credentials.js";
import { resolveOptions, type ProxyOptions, type ResolvedOptions } from "./options.js";
import { checkPlan, countRows, firstLimit, readPage, type FetchRows, type PagePlan } from "./paging.js";
import { JSON_TYPE, baseHeaders, sendBody, sendError, write } from "./respond.js";
import { fromUpstream } from "./upstream-errors.js";

export const SERVICE_PATH = "/odata";

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  head: boolean;
  serviceRoot: string;
  client: LayerClient;
  options: ResolvedOptions;
}

/**
 * The OData proxy as a `node:http` server, not yet listening. Stateless: each request carries its
 * token, and paging state lives in the $skiptoken, so any instance can serve any request.
 */
export function createProxy(proxyOptions: ProxyOptions): Server {
  const options = resolveOptions(proxyOptions);
  return createServer((req, res) => {
    void handle(req, res, options);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, options: ResolvedOptions): Promise<void> {
  const started = options.now();
  const requestId = saneRequestId(req.headers["x-request-id"]) ?? `req_${randomBytes(12).toString("base64url")}`;
  const url = new URL(req.url ?? "/", "http://proxy.invalid");
  const head = req.method === "HEAD";
  let token: string | null = null;
  let failure: ODataError | null = null;
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new ODataError(405, "MethodNotAllowed", "The Layer OData proxy is read-only: GET only.", { headers: { Allow: "GET, HEAD" } });
    }
    if (url.pathname === "/healthz") {
      sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": "application/json" }, '{"ok":true}', head);
      return;
    }
    if (url.pathname !== SERVICE_PATH && !url.pathname.startsWith(`${SERVICE_PATH}/`)) {
      throw notFound(`The OData service is at ${SERVICE_PATH}/.`);
    }
    token = requestToken(req, url, options.allowQueryToken);
    const client = upstreamClient(token, options);
    const serviceRoot = `${publicBase(req, options)}${SERVICE_PATH}`;
    await route({ req, res, url, requestId, head, serviceRoot, client, options });
  } catch (error) {
    failure = fromUpstream(error, { accountUrl: options.accountUrl, now: options.now, token });
    if (res.headersSent) {
      // Mid-stream: the status is gone, so cut the body short. A truncated JSON body is an error
      // every client sees; a well-formed shorter one would be a wrong result.
      res.destroy();
    } else {
      sendError(res, failure, requestId, head);
    }
  } finally {
    const parsed = token === null ? null : parseToken(token);
    options.log({
      time: new Date(started).toISOString(),
      requestId,
      method: req.method ?? "",
      path: loggableUrl(url),
      status: failure?.status ?? res.statusCode,
      code: failure?.code ?? null,
      // Only a key id that parsed: a malformed "token" may be a secret pasted whole.
      keyId: parsed?.ok ? parsed.token.keyId : null,
      ms: options.now() - started,
    });
  }
}

async function route(exchange: Exchange): Promise<void> {
  const rest = exchange.url.pathname.slice(SERVICE_PATH.length).replace(/^\/+/, "");
  const segments = rest === "" ? [] : rest.split("/").map(decodeSegment);
  const [first, second, ...more] = segments;
  if (first === undefined) return sendServiceDocument(exchange);
  if (first === "$metadata" && second === undefined) return sendMetadata(exchange);
  if (more.length > 0 || (second !== undefined && second !== "$count")) {
    throw notImplemented("The Layer OData proxy serves entity sets, their $count, the service document and $metadata only.");
  }
  if (first.includes("(")) throw notImplemented("Reading one entity by key is not supported; use $filter on the key instead.");
  return sendCollection(exchange, first, second === "$count");
}

async function sendServiceDocument({ res, requestId, head, serviceRoot, client }: Exchange): Promise<void> {
  const refs = await entitySetRefs(client);
  const body = JSON.stringify(serviceDocument(serviceRoot, refs));
  sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": JSON_TYPE }, body, head);
}

async function sendMetadata({ res, requestId, head, client }: Exchange): Promise<void> {
  const body = metadataDocument(await entitySetModels(client));
  sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": "application/xml;charset=utf-8" }, body, head);
}

async function sendCollection(exchange: Exchange, name: string, countOnly: boolean): Promise<void> {
  const { req, res, url, requestId, serviceRoot, client, options } = exchange;
  const digest = queryDigest(name, shapingOptions(url.searchParams));
  const skipToken = countOnly ? null : url.searchParams.get("$skiptoken");
  const resumed = skipToken ? decodeSkipToken(skipToken, digest) : null;
  const preferred = preferredPageSize(req);
  const pageSize = Math.min(options.pageSize, preferred ?? Infinity);
  // A nextLink in the API's order knows its first upstream request already: ask for it while
  // the schema is read, instead of one after the other.
  const early =
    resumed && !url.searchParams.has("$orderby")
      ? client.rowsPage(resumed.table.projectId, resumed.table.tableId, {
          limit: firstLimit((url.searchParams.get("$filter") ?? "").trim() !== "", pageSize, options.upstreamPageSize, resumed.state),
          ...(resumed.state.cursor === null ? {} : { cursor: resumed.state.cursor }),
          ...(resumed.table.fields ? { fields: resumed.table.fields } : {}),
        })
      : undefined;
  early?.catch(() => undefined);
  const { model, rowCount } = resumed ? await entitySetAt(client, name, resumed.table) : await findEntitySet(client, name);
  const query = parseQueryOptions(url.searchParams, model);
  const plan: PagePlan = {
    filter: query.filter,
    orderBy: query.orderBy,
    key: model.key,
    pageSize,
    upstreamPageSize: options.upstreamPageSize,
    maxSortRows: options.maxSortRows,
    rowCount,
  };
  const fields = query.selectGiven ? neededColumns(query.select, model.key, query.filter?.columns, query.orderBy.map((o) => o.property)) : undefined;
  const fetchRows: FetchRows = (cursor, limit) =>
    client.rowsPage(model.projectId, model.tableId, { limit, ...(cursor === null ? {} : { cursor }), ...(fields ? { fields } : {}) });

  if (countOnly) {
    const count = await countRows(fetchRows, query.filter, options.upstreamPageSize);
    sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": "text/plain;charset=utf-8" }, String(count), exchange.head);
    return;
  }

  checkPlan(plan);
  if (exchange.head) {
    sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": JSON_TYPE }, "", true);
    return;
  }
  const state: PagingState = resumed?.state ?? { cursor: null, offset: 0, skip: query.skip, remaining: query.top, count: null };
  if (query.count && state.count === null) state.count = await countRows(fetchRows, query.filter, options.upstreamPageSize);

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
  const firstPage = early && sameColumns(fields ?? null, resumed?.table.fields ?? null) ? early : undefined;
  const next = await readPage(fetchRows, plan, state, async (rows: Row[]) => {
    if (!started) await start();
    if (rows.length === 0) return;
    const text = verbatim ? JSON.stringify(rows).slice(1, -1) : rows.map(serialize).join(",");
    await write(res, firstRow ? text : `,${text}`);
    firstRow = false;
  }, firstPage);
  if (!started) await start();
  const nextLink = next === null ? "" : `,"@odata.nextLink":${JSON.stringify(nextLinkUrl(serviceRoot, model.name, query.shaping, encodeSkipToken(next, digest, { projectId: model.projectId, tableId: model.tableId, fields: fields ?? null })))}`;
  res.end(`]${nextLink}}`);
}

/** The client that reads the API for this request: short Retry-After waits absorbed here, longer ones handed to Power BI. */
function upstreamClient(token: string, options: ResolvedOptions): LayerClient {
  try {
    return createClient({
      baseUrl: options.upstreamUrl,
      token,
      retry: { maxRetries: 3, maxWaitMs: options.absorbWaitMs, budgetMs: Math.max(options.absorbWaitMs * 3, 5_000) },
      userAgent: "layer-powerbi-odata-proxy",
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    // createClient refuses a token it cannot send; its message never quotes the token.
    throw new ODataError(401, "UNAUTHENTICATED", `The token was not accepted: ${error instanceof Error ? error.message : "it cannot be sent"}`, {
      headers: { "WWW-Authenticate": 'Basic realm="Layer", charset="UTF-8"' },
    });
  }
}

function sameColumns(a: string[] | null, b: string[] | null): boolean {
  return a === null || b === null ? a === b : a.length === b.length && a.every((column, index) => column === b[index]);
}

function neededColumns(select: PropertyModel[], key: PropertyModel, filterColumns: Set<string> | undefined, orderBy: PropertyModel[]): string[] {
  const columns = new Set<string>([key.column, ...select.map((p) => p.column), ...(filterColumns ?? []), ...orderBy.map((p) => p.column)]);
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
      text += (i === 0 ? "" : ",") + name + (value === undefined ? "null" : typeof value === "string" ? JSON.stringify(value) : String(value));
    }
    return `${text}}`;
  };
}

function nextLinkUrl(serviceRoot: string, entitySet: string, shaping: [string, string][], skipToken: string): string {
  const query = [...shaping, ["$skiptoken", skipToken] as [string, string]].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&");
  return `${serviceRoot}/${encodeURIComponent(entitySet)}?${query}`;
}

/** `Prefer: odata.maxpagesize=N` (OData 4.01 §8.2.8.3); null when absent. */
function preferredPageSize(req: IncomingMessage): number | null {
  const prefer = req.headers["prefer"];
  const text = Array.isArray(prefer) ? prefer.join(",") : prefer ?? "";
  const match = /(?:^|[,;\s])(?:odata\.)?maxpagesize\s*=\s*"?(\d{1,9})"?/i.exec(text);
  if (!match) return null;
  const size = Number(match[1]);
  return size >= 1 ? size : null;
}

function publicBase(req: IncomingMessage, options: ResolvedOptions): string {
  if (options.publicUrl) return options.publicUrl;
  const host = req.headers.host ?? "";
  if (!/^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    throw new ODataError(400, "BadRequest", "The Host header is missing or not a host name.");
  }
  return `http://${host}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ODataError(400, "BadRequest", "The path is not valid percent-encoding.");
  }
}

function saneRequestId(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^[A-Za-z0-9_.:-]{1,128}$/.test(text) ? text : null;
}
