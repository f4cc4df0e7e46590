import type { Cache } from "../apps-script/services.js";
import { createBudget, CUSTOM_FUNCTION_LIMIT_MS, CUSTOM_FUNCTION_RESERVE_MS } from "../budget.js";
import type { AddonContext } from "../context.js";
import { createCellConverter, type Cell } from "../imports/cells.js";
import { describeFailure } from "../tokens/failures.js";
import { layerClient } from "../tokens/layer-client.js";
import { currentToken } from "../tokens/token-store.js";
import { formulasEnabled } from "./formula-access.js";

export const DEFAULT_LIMIT = 1_000;
export const MAX_LIMIT = 10_000;
const RESULT_TTL_SECONDS = 600;
const BLOCK_KEY = "layer.fn.blocked";
/** How long a 401 or kill switch keeps every formula from asking again. */
const DISABLED_SECONDS = 300;

/** The one "rate-limited until" / "disabled" deadline every LAYER_TABLE cell honours. */
interface Block {
  until: number;
  message: string;
}

type CellResult = Cell[][] | string;

function flatFields(fields: unknown): string[] {
  const flat = Array.isArray(fields) ? (fields as unknown[]).flat(2) : [fields];
  return flat
    .flatMap((f) => (typeof f === "string" ? f.split(",") : []))
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
}

function readBlock(cache: Cache, now: number): Block | null {
  const raw = cache.get(BLOCK_KEY);
  if (!raw) return null;
  const block = JSON.parse(raw) as Block;
  return block.until > now ? block : null;
}

function putBlock(cache: Cache, block: Block, now: number): void {
  cache.put(BLOCK_KEY, JSON.stringify(block), Math.max(1, Math.ceil((block.until - now) / 1000)));
}

/**
 * =LAYER_TABLE(project, table, [fields], [limit]): the rows with a header row. Cached per
 * token and arguments; one shared deadline and a document lock keep a sheet full of formulas
 * from storming the API; errors are short strings that name the token and what to do.
 */
export function layerTable(
  ctx: AddonContext,
  project: unknown,
  table: unknown,
  fields?: unknown,
  limit?: unknown,
): CellResult {
  const spreadsheet = ctx.gas.SpreadsheetApp.getActive();
  if (!spreadsheet) return "LAYER_TABLE works only inside a spreadsheet.";
  if (typeof project !== "string" || project.trim() === "" || typeof table !== "string" || table.trim() === "") {
    return 'LAYER_TABLE needs a project id and a table id, e.g. =LAYER_TABLE("prj_acme_tower", "tbl_sites").';
  }
  const rows = limit === undefined || limit === "" || limit === null ? DEFAULT_LIMIT : Math.floor(Number(limit));
  if (!Number.isFinite(rows) || rows < 1 || rows > MAX_LIMIT)
    return `LAYER_TABLE limit must be between 1 and ${MAX_LIMIT}.`;
  if (!formulasEnabled(ctx, spreadsheet.getId())) {
    return "LAYER_TABLE is off. The spreadsheet owner can turn it on in Extensions › Layer › Import table (formulas use the owner's token).";
  }
  const token = currentToken(ctx, spreadsheet.getId());
  if (!token) return "LAYER_TABLE: the owner has no Layer token here. Extensions › Layer › Connect token.";
  if (token.problem) return `LAYER_TABLE: ${token.problem.message}`;

  const cache = ctx.gas.CacheService.getDocumentCache();
  const wanted = flatFields(fields);
  const key = `layer.fn.${token.keyId}.${JSON.stringify([project.trim(), table.trim(), wanted, rows])}`.slice(0, 240);
  const cached = cache?.get(key);
  const toCells = createCellConverter(ctx.gas.Utilities, spreadsheet.getSpreadsheetTimeZone());
  const fromCache = (raw: string): CellResult => {
    const { columns, rows: data } = JSON.parse(raw) as {
      columns: Parameters<typeof toCells>[0];
      rows: Parameters<typeof toCells>[1];
    };
    return [columns.map((c) => c.name), ...toCells(columns, data)];
  };
  if (cached) return fromCache(cached);
  const blocked = cache ? readBlock(cache, ctx.now()) : null;
  if (blocked) return blocked.message;

  // One cell at a time asks Layer; the others wait here and then find the answer in the cache.
  const lock = ctx.gas.LockService.getDocumentLock();
  const locked = lock ? lock.tryLock(20_000) : true;
  try {
    const again = cache?.get(key);
    if (again) return fromCache(again);
    const blockedNow = cache ? readBlock(cache, ctx.now()) : null;
    if (blockedNow) return blockedNow.message;
    if (!locked) return "LAYER_TABLE: busy, other cells are loading. It recalculates by itself shortly.";
    const budget = createBudget(ctx.now, CUSTOM_FUNCTION_LIMIT_MS, CUSTOM_FUNCTION_RESERVE_MS);
    const page = layerClient(ctx, token.secret, budget).rowsPage(project.trim(), table.trim(), {
      limit: rows,
      ...(wanted.length > 0 ? { fields: wanted.join(",") } : {}),
    });
    const payload = JSON.stringify({ columns: page.columns, rows: page.rows });
    // Cache values are capped at 100 KB; a bigger answer is simply not cached.
    if (cache && payload.length < 100_000) cache.put(key, payload, RESULT_TTL_SECONDS);
    return [page.columns.map((c) => c.name), ...toCells(page.columns, page.rows)];
  } catch (error) {
    const failure = describeFailure(ctx, error, token, spreadsheet.getName());
    const now = ctx.now();
    const short = `LAYER_TABLE: ${failure.message}`;
    if (cache && failure.retryAt) putBlock(cache, { until: Date.parse(failure.retryAt), message: short }, now);
    if (cache && (failure.kind === "token_broken" || failure.kind === "kill_switch"))
      putBlock(cache, { until: now + DISABLED_SECONDS * 1000, message: short }, now);
    return short;
  } finally {
    if (locked && lock) lock.releaseLock();
  }
}
