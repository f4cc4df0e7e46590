import type { Spreadsheet } from "../apps-script/services.js";
import type { AddonContext } from "../context.js";
import { documentStore } from "../tokens/token-store.js";

export const LOG_SHEET_NAME = "Layer log";
const NOTICE_KEY = "layer.notice";

/**
 * A scheduled run has no one watching: its failures go to a log sheet and a notice that the
 * next open shows. Messages come from describeFailure and never hold a secret.
 */
export function logFailure(ctx: AddonContext, spreadsheet: Spreadsheet, importLabel: string, message: string): void {
  const at = new Date(ctx.now()).toISOString();
  let sheet = spreadsheet.getSheetByName(LOG_SHEET_NAME);
  if (!sheet) {
    sheet = spreadsheet.insertSheet(LOG_SHEET_NAME);
    sheet.appendRow(["When (UTC)", "Import", "What happened"]);
    sheet.getRange(1, 1, 1, 3).setFontWeight("bold");
    sheet.setFrozenRows(1);
  }
  sheet.appendRow([at, importLabel, message]);
  documentStore(ctx).setProperty(NOTICE_KEY, JSON.stringify({ at, message: `${importLabel}: ${message}` }));
}

/** The notice left by a failed scheduled run, taken once (shown at the next open). */
export function takeNotice(ctx: AddonContext): { at: string; message: string } | null {
  const properties = documentStore(ctx);
  const raw = properties.getProperty(NOTICE_KEY);
  if (!raw) return null;
  properties.deleteProperty(NOTICE_KEY);
  return JSON.parse(raw) as { at: string; message: string };
}
