import type { Column } from "@layer/contracts";
import { createTokenUrl, suggestedTokenName } from "@layer/token-client/sync";
import { createBudget, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS } from "../budget.js";
import { accountUrl, activeSpreadsheet, type AddonContext, NoTokenError, UserFacingError } from "../context.js";
import { FORMULA_WARNING, formulasEnabled, setFormulasEnabled } from "../formula/formula-access.js";
import {
  deleteImport,
  getImport,
  type ImportDefinition,
  listImports,
  newImportId,
  saveImport,
} from "../imports/definition.js";
import { type ImportProgress, runImport } from "../imports/run-import.js";
import { currentSchedule, type Frequency, setSchedule } from "../schedule/schedule.js";
import { takeNotice } from "../schedule/log-sheet.js";
import { type Banner, tokenBanner } from "../tokens/banner.js";
import { connectToken } from "../tokens/connect.js";
import { chooseOrganization, type TokenReach, tokenReach } from "../tokens/reach.js";
import { describeFailure, type Failure } from "../tokens/failures.js";
import { layerClient } from "../tokens/layer-client.js";
import { type RotationResult, rotateSelf, rotateToken } from "../tokens/rotate.js";
import {
  chooseToken,
  currentToken,
  documentConnection,
  getToken,
  listTokens,
  type StoredToken,
  tokenView,
  type TokenView,
} from "../tokens/token-store.js";

/** What every sidebar call answers: the sidebar shows `failure.message` in its error banner. */
export type Answer<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export type SidebarView = "connect" | "import" | "rotate" | "schedule";

/** One sidebar step of an import; short, so the sidebar can show progress between steps. */
export const IMPORT_STEP_MS = 30_000;

const VIEW_KEY = "layer.view";

function answer<T>(ctx: AddonContext, work: () => T): Answer<T> {
  let token: StoredToken | null = null;
  try {
    const spreadsheet = ctx.gas.SpreadsheetApp.getActive();
    token = spreadsheet ? currentToken(ctx, spreadsheet.getId()) : null;
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, failure: describeFailure(ctx, error, token, ctx.gas.SpreadsheetApp.getActive()?.getName()) };
  }
}

function requireToken(ctx: AddonContext): StoredToken {
  const token = currentToken(ctx, activeSpreadsheet(ctx).getId());
  if (!token) throw new NoTokenError();
  return token;
}

export function requestView(ctx: AddonContext, view: SidebarView): void {
  ctx.gas.PropertiesService.getUserProperties().setProperty(VIEW_KEY, view);
}

export interface ImportSummary {
  id: string;
  label: string;
  fields: string[];
  filter: string;
  sort: string;
  lastRun: ImportDefinition["lastRun"];
  resumable: boolean;
  rowsWritten: number;
  totalRows: number;
}

export interface SidebarState {
  view: SidebarView;
  spreadsheetName: string;
  suggestedName: string;
  createUrl: string;
  accountUrl: string;
  tokens: TokenView[];
  current: TokenView | null;
  connection: ReturnType<typeof documentConnection>;
  banner: Banner | null;
  notice: { at: string; message: string } | null;
  imports: ImportSummary[];
  schedule: Frequency;
  formulas: { enabled: boolean; warning: string };
}

function summary(definition: ImportDefinition): ImportSummary {
  return {
    id: definition.id,
    label: `${definition.tableName} · ${definition.projectName} → ${definition.destination.sheetName}`,
    fields: definition.fields,
    filter: definition.filter ?? "",
    sort: definition.sort ?? "",
    lastRun: definition.lastRun,
    resumable: definition.resume !== null,
    rowsWritten: definition.resume?.rowsWritten ?? definition.lastRun?.rows ?? 0,
    totalRows: definition.resume?.totalRows ?? definition.lastRun?.rows ?? 0,
  };
}

export function sidebarState(ctx: AddonContext): Answer<SidebarState> {
  return answer(ctx, () => {
    const spreadsheet = activeSpreadsheet(ctx);
    const user = ctx.gas.PropertiesService.getUserProperties();
    const view = (user.getProperty(VIEW_KEY) as SidebarView | null) ?? "connect";
    const token = currentToken(ctx, spreadsheet.getId());
    // The token client's one naming rule and link, so every connector asks for tokens alike.
    const suggestedName = suggestedTokenName("Google Sheets", spreadsheet.getName());
    return {
      view,
      spreadsheetName: spreadsheet.getName(),
      suggestedName,
      createUrl: createTokenUrl(accountUrl(ctx.config), suggestedName),
      accountUrl: accountUrl(ctx.config),
      tokens: listTokens(ctx).map(tokenView),
      current: token ? tokenView(token) : null,
      connection: documentConnection(ctx),
      banner: tokenBanner(ctx, token, spreadsheet.getName()),
      notice: takeNotice(ctx),
      imports: listImports(ctx).map(summary),
      schedule: currentSchedule(ctx, spreadsheet.getId()),
      formulas: { enabled: formulasEnabled(ctx, spreadsheet.getId()), warning: FORMULA_WARNING },
    };
  });
}

export function connect(ctx: AddonContext, pasted: string): Answer<TokenView> {
  return answer(ctx, () => connectToken(ctx, pasted));
}

export function selectToken(ctx: AddonContext, keyId: string): Answer<TokenView> {
  return answer(ctx, () => {
    const token = getToken(ctx, String(keyId));
    if (!token) throw new UserFacingError("That token is not connected for you any more.");
    chooseToken(ctx, activeSpreadsheet(ctx).getId(), token);
    return tokenView(token);
  });
}

function budget(ctx: AddonContext) {
  return createBudget(ctx.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS);
}

/** The client the sidebar lists with: narrowed to the organization the user picked. */
function listing(ctx: AddonContext) {
  const token = requireToken(ctx);
  return layerClient(ctx, token.secret, budget(ctx), token.organization ?? null);
}

export function projects(ctx: AddonContext): Answer<Array<{ id: string; name: string }>> {
  return answer(ctx, () =>
    listing(ctx)
      .listProjects()
      .projects.map((p) => ({ id: p.id, name: p.name })),
  );
}

export function tables(
  ctx: AddonContext,
  projectId: string,
): Answer<Array<{ id: string; name: string; rowCount: number }>> {
  return answer(ctx, () =>
    listing(ctx)
      .listTables(String(projectId))
      .tables.map((t) => ({ id: t.id, name: t.name, rowCount: t.rowCount })),
  );
}

export function columns(ctx: AddonContext, projectId: string, tableId: string): Answer<Column[]> {
  return answer(ctx, () => listing(ctx).getTable(String(projectId), String(tableId)).columns);
}

export function reach(ctx: AddonContext): Answer<TokenReach> {
  return answer(ctx, () => tokenReach(ctx, requireToken(ctx), budget(ctx)));
}

export function organization(ctx: AddonContext, organizationId: string | null): Answer<TokenReach> {
  return answer(ctx, () => chooseOrganization(ctx, requireToken(ctx), organizationId, budget(ctx)));
}

/** What the sidebar asks for: the definition's table, columns, filter and sort, and where the rows go. */
export type NewImport = Pick<
  ImportDefinition,
  "projectId" | "projectName" | "tableId" | "tableName" | "fields" | "filter" | "sort"
> & {
  /** A new sheet (named after the table) or the selected cell. */
  destination: "new-sheet" | "selected-cell";
};

function uniqueSheetName(names: (n: string) => boolean, base: string): string {
  let name = base.slice(0, 90);
  for (let i = 2; names(name); i += 1) name = `${base.slice(0, 90)} (${i})`;
  return name;
}

function rowsText(value: unknown, what: string, max: number): string {
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length > max)
    throw new UserFacingError(`The ${what} is longer than ${max} characters; use fewer conditions.`);
  return text;
}

export function createImport(ctx: AddonContext, request: NewImport): Answer<ImportSummary> {
  return answer(ctx, () => {
    requireToken(ctx);
    const spreadsheet = activeSpreadsheet(ctx);
    if (!request?.projectId || !request.tableId) throw new UserFacingError("Choose a project and a table first.");
    let destination: ImportDefinition["destination"];
    if (request.destination === "selected-cell") {
      const range = spreadsheet.getActiveRange();
      if (!range) throw new UserFacingError("Select the cell where the table should start.");
      destination = { sheetName: range.getSheet().getName(), row: range.getRow(), column: range.getColumn() };
    } else {
      const sheetName = uniqueSheetName(
        (n) => spreadsheet.getSheetByName(n) !== null,
        request.tableName || request.tableId,
      );
      // The sheet is made by the import's first run, at the table's size (imports/grid-plan.ts).
      destination = { sheetName, row: 1, column: 1 };
    }
    const definition: ImportDefinition = {
      id: newImportId(ctx),
      projectId: String(request.projectId),
      projectName: String(request.projectName || request.projectId),
      tableId: String(request.tableId),
      tableName: String(request.tableName || request.tableId),
      fields: Array.isArray(request.fields) ? request.fields.map(String) : [],
      // The API checks them (the first run shows its message); only their size is guarded here.
      filter: rowsText(request.filter, "filter", 4_000),
      sort: rowsText(request.sort, "sort", 1_000),
      destination,
      lastRun: null,
      extent: null,
      resume: null,
    };
    saveImport(ctx, definition);
    return summary(definition);
  });
}

/** Runs one short step of an import (new or resumed); the sidebar calls it until complete. */
export function importStep(ctx: AddonContext, id: string): Answer<ImportProgress & { banner: Banner | null }> {
  return answer(ctx, () => {
    const spreadsheet = activeSpreadsheet(ctx);
    const definition = getImport(ctx, String(id));
    if (!definition) throw new UserFacingError("That import is not in this spreadsheet any more.");
    const step = createBudget(ctx.now, IMPORT_STEP_MS, 0);
    const progress = runImport(ctx, spreadsheet, definition, step);
    return { ...progress, banner: tokenBanner(ctx, currentToken(ctx, spreadsheet.getId()), spreadsheet.getName()) };
  });
}

export function removeImport(ctx: AddonContext, id: string): Answer<true> {
  return answer(ctx, () => {
    deleteImport(ctx, String(id));
    return true as const;
  });
}

export function rotate(ctx: AddonContext, pasted: string, confirmOtherUser: boolean): Answer<RotationResult> {
  return answer(ctx, () => rotateToken(ctx, pasted, { confirmOtherUser: confirmOtherUser === true }));
}

export function rotateOneClick(ctx: AddonContext, graceDays: number): Answer<RotationResult> {
  return answer(ctx, () => rotateSelf(ctx, graceDays));
}

export function schedule(ctx: AddonContext, frequency: Frequency): Answer<Frequency> {
  return answer(ctx, () => {
    if (frequency !== "hourly" && frequency !== "daily" && frequency !== "off")
      throw new UserFacingError("Choose hourly, daily or off.");
    const token = requireToken(ctx);
    return setSchedule(ctx, activeSpreadsheet(ctx), frequency, token.user.name);
  });
}

export function formulas(ctx: AddonContext, enabled: boolean): Answer<boolean> {
  return answer(ctx, () => {
    const token = requireToken(ctx);
    return setFormulasEnabled(ctx, activeSpreadsheet(ctx).getId(), enabled === true, token.user.name);
  });
}
