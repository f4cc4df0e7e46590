import { createBudget, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS } from "./budget.js";
import { activeSpreadsheet, type AddonContext } from "./context.js";
import { importLabel, refreshAll } from "./imports/refresh.js";
import { listImports } from "./imports/definition.js";
import { type ImportProgress, runImport } from "./imports/run-import.js";
import { takeNotice } from "./schedule/log-sheet.js";
import { spreadsheetForTrigger } from "./schedule/schedule.js";
import { requestView, type SidebarView } from "./sidebar/server.js";
import { tokenBanner } from "./tokens/banner.js";
import { currentToken } from "./tokens/token-store.js";

/** Extensions › Layer. Item handlers are the top-level functions generated into Code.js. */
export function buildMenu(ctx: AddonContext): void {
  ctx.gas.SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem("Connect token", "showConnectToken")
    .addItem("Import table", "showImportTable")
    .addSeparator()
    .addItem("Refresh", "refreshCurrent")
    .addItem("Refresh all", "refreshAllImports")
    .addSeparator()
    .addItem("Rotate token", "showRotateToken")
    .addItem("Schedule", "showSchedule")
    .addToUi();
}

interface OpenEvent {
  authMode?: unknown;
}

/**
 * Runs on open: the menu always; with authorization, the notice of a failed scheduled run and
 * the token banner (broken, or expiring within 14 days). In AuthMode.NONE (add-on not yet used
 * in this document) services are off limits, so only the menu is built.
 */
export function onOpen(ctx: AddonContext, event?: OpenEvent): void {
  buildMenu(ctx);
  if (event && String(event.authMode) === "NONE") return;
  try {
    const spreadsheet = activeSpreadsheet(ctx);
    const notice = takeNotice(ctx);
    const banner = tokenBanner(ctx, currentToken(ctx, spreadsheet.getId()), spreadsheet.getName());
    const messages = [
      notice ? `Scheduled refresh failed: ${notice.message} (see the "Layer log" sheet)` : null,
      banner?.message ?? null,
    ].filter(Boolean);
    if (messages.length > 0) spreadsheet.toast(messages.join("\n"), "Layer", 15);
  } catch {
    // Opening the document must never fail because of the add-on.
  }
}

export function showSidebar(ctx: AddonContext, view: SidebarView): void {
  requestView(ctx, view);
  const output = ctx.gas.HtmlService.createHtmlOutputFromFile("Sidebar").setTitle("Layer");
  ctx.gas.SpreadsheetApp.getUi().showSidebar(output);
}

function toastResults(ctx: AddonContext, results: ImportProgress[]): string {
  const spreadsheet = activeSpreadsheet(ctx);
  const banner = tokenBanner(ctx, currentToken(ctx, spreadsheet.getId()), spreadsheet.getName());
  const text =
    [...results.map((r) => r.message), banner?.message].filter(Boolean).join("\n") ||
    "No imports in this spreadsheet yet: Extensions › Layer › Import table.";
  spreadsheet.toast(text, "Layer", 20);
  return text;
}

/** Refresh: the import on the active sheet (or the only one), for up to one execution. */
export function refreshCurrent(ctx: AddonContext): ImportProgress[] {
  const spreadsheet = activeSpreadsheet(ctx);
  const sheetName = spreadsheet.getActiveSheet().getName();
  const all = listImports(ctx);
  const target = all.find((d) => d.destination.sheetName === sheetName) ?? (all.length === 1 ? all[0] : undefined);
  const budget = createBudget(ctx.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS);
  const results = target ? [runImport(ctx, spreadsheet, target, budget)] : refreshAll(ctx, spreadsheet, budget);
  toastResults(ctx, results);
  return results;
}

export function refreshAllMenu(ctx: AddonContext): ImportProgress[] {
  const spreadsheet = activeSpreadsheet(ctx);
  const results = refreshAll(ctx, spreadsheet, createBudget(ctx.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS));
  toastResults(ctx, results);
  return results;
}

interface TriggerEvent {
  triggerUid?: string;
}

/**
 * A time-driven run: no active document and nobody watching. Opens the spreadsheet the
 * trigger was made for; failures go to its log sheet (refreshAll) and show at the next open.
 */
export function scheduledRefresh(ctx: AddonContext, event?: TriggerEvent): ImportProgress[] {
  const budget = createBudget(ctx.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS);
  const id = event?.triggerUid ? spreadsheetForTrigger(ctx, String(event.triggerUid)) : null;
  const spreadsheet = id ? ctx.gas.SpreadsheetApp.openById(id) : ctx.gas.SpreadsheetApp.getActive();
  if (!spreadsheet) return [];
  return refreshAll({ ...ctx, document: spreadsheet }, spreadsheet, budget, { scheduled: true });
}

export { importLabel };
