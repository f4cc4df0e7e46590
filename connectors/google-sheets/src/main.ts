/**
 * The Apps Script entry: binds the real services and exports one function per entry point.
 * esbuild wraps this in `var LayerAddon = (() => { … })()`, and the generated footer calls
 * `LayerAddon.<name>` from top-level stubs (scripts/build.mjs).
 */
import { type AppsScript, realServicesFit } from "./apps-script/services.js";
import type { AddonContext } from "./context.js";
import type { EntryName } from "./entry-points.js";
import { layerTable } from "./formula/layer-table.js";
import {
  onOpen as openAddon,
  refreshAllMenu,
  refreshCurrent as refreshMenu,
  scheduledRefresh as runScheduled,
  showSidebar,
} from "./menu.js";
import * as server from "./sidebar/server.js";
import type { Frequency } from "./schedule/schedule.js";

declare const __LAYER_API_URL__: string;

function context(): AddonContext {
  const gas: AppsScript = realServicesFit({
    SpreadsheetApp,
    PropertiesService,
    CacheService,
    LockService,
    Utilities,
    UrlFetchApp,
    HtmlService,
    ScriptApp,
  });
  return { gas, config: { apiBaseUrl: __LAYER_API_URL__ }, now: () => Date.now() };
}

type Entries = Record<EntryName, (...args: never[]) => unknown>;

const entries = {
  onOpen: (e?: { authMode?: unknown }) => openAddon(context(), e),
  onInstall: (e?: { authMode?: unknown }) => openAddon(context(), e),
  showConnectToken: () => showSidebar(context(), "connect"),
  showImportTable: () => showSidebar(context(), "import"),
  refreshCurrent: () => void refreshMenu(context()),
  refreshAllImports: () => void refreshAllMenu(context()),
  showRotateToken: () => showSidebar(context(), "rotate"),
  showSchedule: () => showSidebar(context(), "schedule"),
  scheduledRefresh: (e?: { triggerUid?: string }) => void runScheduled(context(), e),
  LAYER_TABLE: (project: unknown, table: unknown, fields?: unknown, limit?: unknown, filter?: unknown) =>
    layerTable(context(), project, table, fields, limit, filter),
  sidebarState: () => server.sidebarState(context()),
  connectToken: (token: string) => server.connect(context(), token),
  selectToken: (keyId: string) => server.selectToken(context(), keyId),
  listProjects: () => server.projects(context()),
  tokenReach: () => server.reach(context()),
  chooseOrganization: (organizationId: string | null) => server.organization(context(), organizationId),
  listTables: (projectId: string) => server.tables(context(), projectId),
  listColumns: (projectId: string, tableId: string) => server.columns(context(), projectId, tableId),
  createImport: (request: server.NewImport) => server.createImport(context(), request),
  importStep: (importId: string) => server.importStep(context(), importId),
  removeImport: (importId: string) => server.removeImport(context(), importId),
  rotateToken: (token: string, confirmOtherUser: boolean) => server.rotate(context(), token, confirmOtherUser),
  rotateTokenOneClick: (graceDays: number) => server.rotateOneClick(context(), graceDays),
  setSchedule: (frequency: Frequency) => server.schedule(context(), frequency),
  setFormulas: (enabled: boolean) => server.formulas(context(), enabled),
} satisfies Entries;

export const {
  onOpen,
  onInstall,
  showConnectToken,
  showImportTable,
  refreshCurrent,
  refreshAllImports,
  showRotateToken,
  showSchedule,
  scheduledRefresh,
  LAYER_TABLE,
  sidebarState,
  connectToken,
  selectToken,
  listProjects,
  tokenReach,
  chooseOrganization,
  listTables,
  listColumns,
  createImport,
  importStep,
  removeImport,
  rotateToken,
  rotateTokenOneClick,
  setSchedule,
  setFormulas,
} = entries;
