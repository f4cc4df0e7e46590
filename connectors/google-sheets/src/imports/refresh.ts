import type { Spreadsheet } from "../apps-script/services.js";
import type { Budget } from "../budget.js";
import type { AddonContext } from "../context.js";
import { logFailure } from "../schedule/log-sheet.js";
import { type ImportDefinition, listImports } from "./definition.js";
import { type ImportProgress, runImport } from "./run-import.js";

export function importLabel(definition: ImportDefinition): string {
  return `${definition.tableName} (${definition.projectName}) → ${definition.destination.sheetName}`;
}

/**
 * Refreshes every import of the document in one execution, part-way ones first so that a
 * long import resumes before the others start again. Stops at the first token failure: the
 * next import would meet the same 401 / kill switch / rate limit.
 */
export function refreshAll(
  ctx: AddonContext,
  spreadsheet: Spreadsheet,
  budget: Budget,
  options: { scheduled?: boolean } = {},
): ImportProgress[] {
  const definitions = listImports(ctx).sort((a, b) => Number(b.resume !== null) - Number(a.resume !== null));
  const results: ImportProgress[] = [];
  for (const definition of definitions) {
    if (budget.timeLeft() <= 0) {
      results.push({
        id: definition.id,
        status: "partial",
        rowsWritten: 0,
        totalRows: 0,
        message: "Not started: out of time in this run; Refresh all carries on.",
        failure: null,
      });
      continue;
    }
    const result = runImport(ctx, spreadsheet, definition, budget, options);
    results.push(result);
    if (options.scheduled && (result.status === "failed" || result.status === "skipped")) {
      logFailure(ctx, spreadsheet, importLabel(definition), result.message);
    }
    const kind = result.failure?.kind;
    if (
      kind === "token_broken" ||
      kind === "kill_switch" ||
      kind === "rate_limited" ||
      kind === "no_token" ||
      result.status === "skipped"
    )
      break;
  }
  return results;
}
