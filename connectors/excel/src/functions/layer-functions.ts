import type { CellValue } from "@layer/contracts";
import { timeLeft } from "@layer/token-client";
import type { Session } from "../api/session.js";
import { explainError } from "../messages/explain-error.js";

export type SpillCell = string | number | boolean;

export interface LayerFunctionsDeps {
  session: Session;
  /** Builds the in-cell error (CustomFunctions.Error in Excel). */
  cellError: (code: "#N/A" | "#VALUE!", message: string) => unknown;
  documentName?: () => string | undefined;
}

export const DEFAULT_TABLE_LIMIT = 1_000;
export const MAX_TABLE_LIMIT = 50_000;
/** Excel shows #BUSY! while a function runs: keep every wait short and say when to come back. */
const CELL_BUDGET_MS = 25_000;

/** The logic behind =LAYER.TABLE and =LAYER.TOKEN, free of the Excel runtime so tests drive it directly. */
export function createLayerFunctions(deps: LayerFunctionsDeps) {
  const { session } = deps;

  const fail = (error: unknown): unknown => {
    const token = session.token;
    const explained = explainError(error, {
      tokenName: token?.name,
      keyId: token?.keyId,
      apiBase: session.apiBase,
      now: session.clock(),
      documentName: deps.documentName?.(),
    });
    return deps.cellError(explained.cellError, explained.cell);
  };
  const badInput = (message: string) => deps.cellError("#VALUE!", message);

  async function table(
    project: unknown,
    tableId: unknown,
    fields?: unknown,
    limit?: unknown,
    filter?: unknown,
  ): Promise<SpillCell[][]> {
    if (typeof project !== "string" || !project.trim()) throw badInput('Give a project id, e.g. "prj_acme_tower".');
    if (typeof tableId !== "string" || !tableId.trim()) throw badInput('Give a table id, e.g. "tbl_orders".');
    if (fields !== null && fields !== undefined && typeof fields !== "string")
      throw badInput("fields is a comma-separated list of column names.");
    const wanted =
      typeof fields === "string"
        ? fields
            .split(",")
            .map((f) => f.trim())
            .filter(Boolean)
        : [];
    const max = limit === null || limit === undefined || limit === "" ? DEFAULT_TABLE_LIMIT : limit;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > MAX_TABLE_LIMIT) {
      throw badInput(`limit is a whole number from 1 to ${MAX_TABLE_LIMIT}.`);
    }
    if (filter !== null && filter !== undefined && typeof filter !== "string")
      throw badInput(`filter is text in Layer's filter language, e.g. "region eq 'North'".`);
    const where = typeof filter === "string" ? filter.trim() : "";
    try {
      const token = session.token;
      const client = session.client({ budgetMs: CELL_BUDGET_MS, maxWaitMs: CELL_BUDGET_MS });
      const key = JSON.stringify(["table", token?.keyId, project.trim(), tableId.trim(), wanted, max, where]);
      return await session.requests.run(key, async () => {
        const rows: Record<string, CellValue>[] = [];
        let header: string[] | null = wanted.length > 0 ? wanted : null;
        for await (const page of client.pages({
          projectId: project.trim(),
          tableId: tableId.trim(),
          limit: Math.min(max, 10_000),
          ...(wanted.length > 0 ? { fields: wanted } : {}),
          ...(where ? { filter: where } : {}),
        })) {
          header ??= page.columns.map((c) => c.name);
          for (const row of page.rows) {
            if (rows.length >= max) break;
            rows.push(row);
          }
          if (rows.length >= max) break;
        }
        const names = header ?? [];
        return [names, ...rows.map((row) => names.map((n) => spill(row[n])))];
      });
    } catch (error) {
      throw fail(error);
    }
  }

  async function token(): Promise<string> {
    try {
      const current = session.token;
      const client = session.client({ budgetMs: CELL_BUDGET_MS, maxWaitMs: CELL_BUDGET_MS });
      const who = await session.requests.run(JSON.stringify(["whoami", current?.keyId]), () => client.whoami());
      return describeToken(who.token.name, who.token.expiresAt, session.clock());
    } catch (error) {
      throw fail(error);
    }
  }

  return { table, token };
}

export type LayerFunctions = ReturnType<typeof createLayerFunctions>;

/** "Excel - Budget: expires in 12 days" ("in 5 hours", "in 40 minutes" when that close), for =LAYER.TOKEN(). */
export function describeToken(name: string, expiresAt: string | null, now: number): string {
  if (!expiresAt) return `${name}: never expires`;
  const left = timeLeft(expiresAt, now);
  return left ? `${name}: expires in ${left}` : `${name}: expired`;
}

function spill(value: CellValue | undefined): SpillCell {
  return value === null || value === undefined ? "" : value;
}
