import { sha256Hex } from "../apps-script/digest.js";
import { getQuietly, putIfItFits } from "../apps-script/quiet-cache.js";
import type { Cache } from "../apps-script/services.js";
import { CUSTOM_FUNCTION_LIMIT_MS, CUSTOM_FUNCTION_RESERVE_MS, createBudget } from "../budget.js";
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
/** Kept for the fetch once the lock is ours: the lock wait never eats into it. */
export const FETCH_ALLOWANCE_MS = 10_000;
/** When a cell that could not get its turn suggests trying again. */
const BUSY_RETRY_MS = 60_000;

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

function readBlock(cache: Cache | null, now: number): Block | null {
  const raw = getQuietly(cache, BLOCK_KEY);
  if (!raw) return null;
  const block = JSON.parse(raw) as Block;
  return block.until > now ? block : null;
}

/** A deadline longer than CacheService keeps anything (6 h) is kept 6 h, then asked again. */
function putBlock(cache: Cache | null, block: Block, now: number): void {
  putIfItFits(cache, BLOCK_KEY, JSON.stringify(block), (block.until - now) / 1000);
}

/**
 * The cache key of one call: a digest of everything that shapes the answer (the token, the
 * arguments as the API will see them), so two calls share an answer only when they are the same
 * call, however long their field lists.
 */
export function resultKey(
  ctx: AddonContext,
  keyId: string,
  call: { project: string; table: string; fields: string[]; rows: number },
): string {
  const whole = JSON.stringify([keyId, call.project, call.table, call.fields, call.rows]);
  return `layer.fn.${sha256Hex(ctx.gas.Utilities, whole)}`;
}

function busy(now: number): string {
  const at = new Date(now + BUSY_RETRY_MS).toISOString().slice(11, 16);
  return `LAYER_TABLE: other cells are still loading from Layer. Try again after ${at} UTC (re-enter the formula).`;
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
  // Apps Script gives a custom function 30 s from the moment the cell starts: the lock wait,
  // retries and fetches all come out of this one budget.
  const budget = createBudget(ctx.now, CUSTOM_FUNCTION_LIMIT_MS, CUSTOM_FUNCTION_RESERVE_MS);
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
  const key = resultKey(ctx, token.keyId, { project: project.trim(), table: table.trim(), fields: wanted, rows });
  const cached = getQuietly(cache, key);
  const toCells = createCellConverter(ctx.gas.Utilities, spreadsheet.getSpreadsheetTimeZone());
  const fromCache = (raw: string): CellResult => {
    const { columns, rows: data } = JSON.parse(raw) as {
      columns: Parameters<typeof toCells>[0];
      rows: Parameters<typeof toCells>[1];
    };
    return [columns.map((c) => c.name), ...toCells(columns, data)];
  };
  if (cached) return fromCache(cached);
  const blocked = readBlock(cache, ctx.now());
  if (blocked) return blocked.message;

  // One cell at a time asks Layer; the others wait here and then find the answer in the cache.
  // The wait leaves FETCH_ALLOWANCE_MS of the cell's budget for the fetch itself.
  const lock = ctx.gas.LockService.getDocumentLock();
  const locked = lock ? lock.tryLock(Math.max(0, budget.timeLeft() - FETCH_ALLOWANCE_MS)) : true;
  try {
    const again = getQuietly(cache, key);
    if (again) return fromCache(again);
    const blockedNow = readBlock(cache, ctx.now());
    if (blockedNow) return blockedNow.message;
    if (!locked || budget.timeLeft() <= 0) return busy(ctx.now());
    const page = layerClient(ctx, token.secret, budget).rowsPage(project.trim(), table.trim(), {
      limit: rows,
      ...(wanted.length > 0 ? { fields: wanted.join(",") } : {}),
    });
    // A bigger answer than CacheService holds, or a refused put, is simply not cached.
    putIfItFits(cache, key, JSON.stringify({ columns: page.columns, rows: page.rows }), RESULT_TTL_SECONDS);
    return [page.columns.map((c) => c.name), ...toCells(page.columns, page.rows)];
  } catch (error) {
    const failure = describeFailure(ctx, error, token, spreadsheet.getName());
    const now = ctx.now();
    const short = `LAYER_TABLE: ${failure.message}`;
    if (failure.retryAt) putBlock(cache, { until: Date.parse(failure.retryAt), message: short }, now);
    if (failure.kind === "token_broken" || failure.kind === "kill_switch")
      putBlock(cache, { until: now + DISABLED_SECONDS * 1000, message: short }, now);
    return short;
  } finally {
    if (locked && lock) lock.releaseLock();
  }
}
