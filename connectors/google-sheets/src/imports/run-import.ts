import type { Spreadsheet } from "../apps-script/services.js";
import type { Budget } from "../budget.js";
import { type AddonContext, NoTokenError } from "../context.js";
import { describeFailure, type Failure } from "../tokens/failures.js";
import { layerClient } from "../tokens/layer-client.js";
import { currentToken, markProblem, type StoredToken } from "../tokens/token-store.js";
import { createCellConverter } from "./cells.js";
import { type ImportDefinition, saveImport } from "./definition.js";
import { planGrid, shapeGrid } from "./grid-plan.js";
import { destinationSheet, prepareDestination, writeRows } from "./sheet-writer.js";

/** Rows per API page and per setValues call (the API allows up to 10,000 per page). */
export const PAGE_ROWS = 5_000;

export interface ImportProgress {
  id: string;
  status: "complete" | "partial" | "failed" | "skipped";
  rowsWritten: number;
  totalRows: number;
  message: string;
  failure: Failure | null;
}

export interface RunOptions {
  /** Scheduled runs skip a token an administrator disabled, until a working one is set. */
  scheduled?: boolean;
  pageRows?: number;
}

function stamp(ctx: AddonContext): string {
  return new Date(ctx.now()).toISOString();
}

/**
 * Runs (or resumes) one import until it is complete, the budget is spent, or Layer refuses.
 * The cursor is saved after every page, so a stop at any point (the 6-minute limit, a 429 that
 * does not fit, an error) leaves the document ready for the next Refresh to carry on.
 */
export function runImport(
  ctx: AddonContext,
  spreadsheet: Spreadsheet,
  definition: ImportDefinition,
  budget: Budget,
  options: RunOptions = {},
): ImportProgress {
  const def: ImportDefinition = JSON.parse(JSON.stringify(definition)) as ImportDefinition;
  const token = currentToken(ctx, spreadsheet.getId());
  const progress = (
    status: ImportProgress["status"],
    message: string,
    failure: Failure | null = null,
  ): ImportProgress => ({
    id: def.id,
    status,
    rowsWritten: def.resume?.rowsWritten ?? def.lastRun?.rows ?? 0,
    totalRows: def.resume?.totalRows ?? def.lastRun?.rows ?? 0,
    message,
    failure,
  });
  const fail = (failure: Failure): ImportProgress => {
    // The rows on the sheet are still there: a failed refresh does not clear the last good run.
    def.lastRun = {
      at: stamp(ctx),
      rows: def.resume?.rowsWritten ?? def.extent?.rows ?? 0,
      by: token?.user.name ?? "",
      status: "failed",
      message: failure.message,
    };
    saveImport(ctx, def);
    return progress("failed", failure.message, failure);
  };

  if (!token) return fail(describeFailure(ctx, new NoTokenError(), null));
  // A 401 already proved this token dead: asking again would only repeat it (never retried).
  if (token.problem?.kind === "unauthenticated") return fail(brokenFailure(token));
  if (options.scheduled && token.problem?.kind === "kill_switch") {
    return progress("skipped", `Skipped: ${token.problem.message}`);
  }

  try {
    const toCells = createCellConverter(ctx.gas.Utilities, spreadsheet.getSpreadsheetTimeZone());
    const fields = def.fields.length > 0 ? def.fields.join(",") : undefined;
    if (!def.resume) {
      const schema = layerClient(ctx, token.secret, budget).getTable(def.projectId, def.tableId);
      const columns =
        def.fields.length > 0
          ? def.fields.map((f) => schema.columns.find((c) => c.name === f)).filter((c) => c !== undefined)
          : schema.columns;
      // The grid is planned (and an import the spreadsheet cannot hold refused) before any write.
      const grid = shapeGrid(spreadsheet, def, planGrid(spreadsheet, def, columns.length, schema.rowCount));
      prepareDestination(grid, def, columns, schema.rowCount);
      def.resume = { cursor: null, rowsWritten: 0, totalRows: schema.rowCount, columns };
      def.extent = { rows: 0, columns: columns.length };
      saveImport(ctx, def);
    }
    const sheet = destinationSheet(spreadsheet, def);
    const resume = def.resume;
    // The token client's page run stops before a page that would not fit in the time left
    // (judged by the slowest page so far, writing included) and says where to carry on.
    const run = layerClient(ctx, token.secret, budget).pages(
      {
        projectId: def.projectId,
        tableId: def.tableId,
        limit: options.pageRows ?? PAGE_ROWS,
        cursor: resume.cursor,
        ...(fields ? { fields } : {}),
      },
      { timeBudgetMs: budget.timeLeft() },
    );
    for (const page of run) {
      writeRows(sheet, def, resume.rowsWritten, toCells(resume.columns, page.rows));
      resume.rowsWritten += page.rows.length;
      resume.totalRows = Math.max(page.totalRows, resume.rowsWritten);
      resume.cursor = run.cursor;
      def.extent = { rows: resume.rowsWritten, columns: resume.columns.length };
      if (!run.complete) saveImport(ctx, def);
    }
    if (!run.complete) {
      def.lastRun = {
        at: stamp(ctx),
        rows: resume.rowsWritten,
        by: token.user.name,
        status: "partial",
        message: `Stopped safely before Apps Script's time limit at ${resume.rowsWritten} of ${resume.totalRows} rows; Refresh carries on from there.`,
      };
      saveImport(ctx, def);
      return progress("partial", def.lastRun.message);
    }
    const rows = resume.rowsWritten;
    def.resume = null;
    def.lastRun = { at: stamp(ctx), rows, by: token.user.name, status: "complete", message: `Imported ${rows} rows.` };
    saveImport(ctx, def);
    // A call went through, so an earlier kill switch on this token is over.
    if (token.problem) markProblem(ctx, token.keyId, null);
    return progress("complete", def.lastRun.message);
  } catch (error) {
    return fail(describeFailure(ctx, error, token, spreadsheet.getName()));
  }
}

function brokenFailure(token: StoredToken): Failure {
  return {
    kind: "token_broken",
    message:
      token.problem?.message ??
      `Layer token "${token.name}" no longer works. Rotate it: Extensions › Layer › Rotate token.`,
    retryAt: null,
    tokenName: token.name,
    keyId: token.keyId,
    steps: [],
    createUrl: null,
  };
}
