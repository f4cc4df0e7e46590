import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { LayerError, createClient, parseToken, type LayerClient } from "@layer/token-client";
import { metadataDocument, serviceDocument } from "../odata/csdl.js";
import { ODataError, notFound, notImplemented } from "../odata/errors.js";
import { entitySetModels, entitySetRefs } from "./catalog.js";
import { sendCollection } from "./collection.js";
import { loggableUrl, requestToken } from "./credentials.js";
import { publicBase } from "./public-base.js";
import { resolveOptions, type LogLine, type ProxyOptions, type ResolvedOptions } from "./options.js";
import { ReadAhead } from "./read-ahead.js";
import { TokenMemo } from "./token-memo.js";
import { TOKEN_STATUS_SET, expiringSoon, tokenStatusModel, tokenStatusPage, tokenStatusRow } from "./token-status.js";
import { JSON_TYPE, baseHeaders, sendBody, sendError } from "./respond.js";
import { fromUpstream } from "./upstream-errors.js";

export const SERVICE_PATH = "/odata";
/** What a request over the concurrency limit is told to wait: about one page's time. */
const BUSY_RETRY_AFTER_SECONDS = 2;
/** One organization's service root is `/organizations/<id>/odata`: Power BI's OData feed takes only a URL. */
export const ORGANIZATIONS_PATH = "/organizations";

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  head: boolean;
  serviceRoot: string;
  /** The path inside the service root, without leading slashes ("" for the service document). */
  servicePath: string;
  /** The organization this service root narrows to (sent upstream as Layer-Organization), or null for all. */
  organization: string | null;
  client: LayerClient;
  /** This token's whoami, remembered briefly per token so a refresh asks once. */
  whoami: () => Promise<Whoami>;
  /** The token as sent: only ever shown masked. */
  token: string;
  options: ResolvedOptions;
  /** Added to this request's log line. */
  logFields: LogLine;
  /** The first upstream pages of nextLinks, asked for as their pages end. */
  readAhead: ReadAhead;
}

/**
 * The OData proxy as a `node:http` server, not yet listening. Stateless: each request carries its
 * token, and paging state lives in the $skiptoken, so any instance can serve any request.
 */
export function createProxy(proxyOptions: ProxyOptions): Server {
  const options = resolveOptions(proxyOptions);
  const memo = new TokenMemo(options.now);
  const readAhead = new ReadAhead();
  const load = { inFlight: 0 };
  return createServer((req, res) => {
    load.inFlight++;
    void handle(req, res, options, memo, readAhead, load.inFlight > options.maxConcurrentRequests).finally(
      () => load.inFlight--,
    );
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: ResolvedOptions,
  memo: TokenMemo,
  readAhead: ReadAhead,
  /** More requests are being answered than the proxy takes at once. */
  crowded: boolean,
): Promise<void> {
  const started = options.now();
  const requestId = saneRequestId(req.headers["x-request-id"]) ?? `req_${randomBytes(12).toString("base64url")}`;
  const url = new URL(req.url ?? "/", "http://proxy.invalid");
  const head = req.method === "HEAD";
  let token: string | null = null;
  let failure: ODataError | null = null;
  let client: LayerClient | null = null;
  const logFields: LogLine = {};
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new ODataError(405, "MethodNotAllowed", "The Layer OData proxy is read-only: GET only.", {
        headers: { Allow: "GET, HEAD" },
      });
    }
    if (url.pathname === "/healthz") {
      sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": "application/json" }, '{"ok":true}', head);
      return;
    }
    if (crowded) {
      throw new ODataError(
        503,
        "SERVICE_UNAVAILABLE",
        `The proxy is answering ${options.maxConcurrentRequests} requests at once, as many as it takes; try again in a few seconds.`,
        { headers: { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) } },
      );
    }
    const service = locateService(url.pathname);
    if (service === null) {
      throw notFound(
        `The OData service is at ${SERVICE_PATH}/ (every organization) or ${ORGANIZATIONS_PATH}/<organization id>${SERVICE_PATH}/ (one).`,
      );
    }
    const { organization } = service;
    token = requestToken(req, url, options.allowQueryToken);
    const sent = token;
    const upstream = upstreamClient(sent, options, organization);
    client = upstream;
    const serviceRoot = `${publicBase(req, options)}${service.root}`;
    logFields["organization"] = organization;
    const whoami = () => memo.whoami(sent, () => upstream.whoami(), organization);
    await route({
      req,
      res,
      url,
      requestId,
      head,
      serviceRoot,
      servicePath: service.rest,
      organization,
      client: upstream,
      whoami,
      token: sent,
      options,
      logFields,
      readAhead,
    });
  } catch (error) {
    failure = fromUpstream(error, { accountUrl: options.accountUrl, now: options.now, token });
    if (failure.status === 401 && token !== null) memo.forget(token);
    if (res.headersSent) {
      // A real upstream failure mid-body (no answer, a 5xx): the status is gone, so cut the body
      // short. A truncated JSON body is an error every client sees; a well-formed shorter one
      // without a nextLink would be a wrong result. Answers the next request would meet again
      // never get here: those end the page early with a nextLink (page-end.ts).
      logFields["level"] = "error";
      logFields["cutMidBody"] = true;
      logFields["upstreamRequestId"] = error instanceof LayerError && error.requestId ? error.requestId : null;
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
      ...logFields,
    });
    if (token !== null && client !== null)
      logExpiry(client, token, parsed?.ok ? parsed.token.keyId : null, requestId, options, memo);
  }
}

/**
 * A warning line for the operator when the token expires within 14 days (the API's rotation window), from the
 * X-Token-Expires-At the API sent anyway: no extra call. Once per token per minute, not per page.
 */
function logExpiry(
  client: LayerClient,
  token: string,
  keyId: string | null,
  requestId: string,
  options: ResolvedOptions,
  memo: TokenMemo,
): void {
  const expiresAt = client.lastTokenExpiresAt;
  const daysLeft = expiringSoon(expiresAt, options.now());
  if (daysLeft === null || expiresAt === null || !memo.shouldWarn(token)) return;
  options.log({
    time: new Date(options.now()).toISOString(),
    level: "warn",
    event: "token_expiring_soon",
    requestId,
    keyId,
    expiresAt,
    daysLeft,
    message: `The Layer token ${keyId ?? "(unparsed)"} expires in ${daysLeft} days; its owner should rotate it.`,
  });
}

async function route(exchange: Exchange): Promise<void> {
  const rest = exchange.servicePath;
  const segments = rest === "" ? [] : rest.split("/").map(decodeSegment);
  const [first, second, ...more] = segments;
  if (first === undefined) return sendServiceDocument(exchange);
  if (first === "$metadata" && second === undefined) return sendMetadata(exchange);
  if (more.length > 0 || (second !== undefined && second !== "$count")) {
    throw notImplemented(
      "The Layer OData proxy serves entity sets, their $count, the service document and $metadata only.",
    );
  }
  if (first.includes("("))
    throw notImplemented("Reading one entity by key is not supported; use $filter on the key instead.");
  if (first === TOKEN_STATUS_SET) return sendTokenStatus(exchange, second === "$count");
  return sendCollection(exchange, first, second === "$count");
}

async function sendTokenStatus(exchange: Exchange, countOnly: boolean): Promise<void> {
  const whoami = await exchange.whoami();
  const page = tokenStatusPage(
    tokenStatusRow(whoami, exchange.token, exchange.options.now(), exchange.options.accountUrl, exchange.serviceRoot),
  );
  return sendCollection(exchange, TOKEN_STATUS_SET, countOnly, {
    model: tokenStatusModel,
    rowCount: 1,
    readPages: async function* () {
      yield page;
    },
  });
}

async function sendServiceDocument({ res, requestId, head, serviceRoot, client }: Exchange): Promise<void> {
  const refs = await entitySetRefs(client);
  const body = JSON.stringify(serviceDocument(serviceRoot, [...refs, tokenStatusModel]));
  sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": JSON_TYPE }, body, head);
}

async function sendMetadata({ res, requestId, head, client }: Exchange): Promise<void> {
  const body = metadataDocument([...(await entitySetModels(client)), tokenStatusModel]);
  sendBody(res, 200, { ...baseHeaders(requestId), "Content-Type": "application/xml;charset=utf-8" }, body, head);
}

/**
 * Where a request's path says the service is: `/odata/…` for every organization, or
 * `/organizations/<id>/odata/…` for one. Null for any other path. The id is checked by the API
 * (an organization the token's owner is not in answers 404); here only that it is one segment.
 */
export function locateService(pathname: string): { organization: string | null; root: string; rest: string } | null {
  const inside = (root: string, path: string) =>
    path === root || path.startsWith(`${root}/`) ? path.slice(root.length).replace(/^\/+/, "") : null;
  const all = inside(SERVICE_PATH, pathname);
  if (all !== null) return { organization: null, root: SERVICE_PATH, rest: all };
  const match = /^\/organizations\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return null;
  const organization = decodeSegment(match[1]!);
  if (!/^[\x21-\x7e]{1,200}$/.test(organization)) {
    throw new ODataError(400, "BadRequest", "An organization id is one word such as org_acme.");
  }
  const root = `${ORGANIZATIONS_PATH}/${encodeURIComponent(organization)}${SERVICE_PATH}`;
  const rest = inside(SERVICE_PATH, match[2] ?? "");
  return rest === null ? null : { organization, root, rest };
}

/** The client that reads the API for this request: short Retry-After waits absorbed here, longer ones handed to Power BI. */
function upstreamClient(token: string, options: ResolvedOptions, organization: string | null): LayerClient {
  try {
    return createClient({
      baseUrl: options.upstreamUrl,
      token,
      organization,
      retry: { maxRetries: 3, maxWaitMs: options.absorbWaitMs, budgetMs: Math.max(options.absorbWaitMs * 3, 5_000) },
      userAgent: "layer-powerbi-odata-proxy",
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    // createClient refuses a token it cannot send; its message never quotes the token.
    throw new ODataError(
      401,
      "UNAUTHENTICATED",
      `The token was not accepted: ${error instanceof Error ? error.message : "it cannot be sent"}`,
      {
        headers: { "WWW-Authenticate": 'Basic realm="Layer", charset="UTF-8"' },
      },
    );
  }
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
