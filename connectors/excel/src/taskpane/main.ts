import { apiBaseUrl, normaliseApiUrl, setApiBaseUrl } from "../config.js";
import { Session } from "../api/session.js";
import { useLayerFunctions } from "../functions/functions.js";
import { createLayerFunctions } from "../functions/layer-functions.js";
import { associateLayerFunctions, customFunctionsError } from "../functions/register.js";
import { officeTokenStore } from "../token/token-store.js";
import { ImportDefinitions } from "../workbook/import-definitions.js";
import { readWorkbookName } from "../workbook/workbook-name.js";
import { renderConnection, wireConnectPanel } from "./connect-panel.js";
import { byId, say, show } from "./dom.js";
import { loadProjects, renderImports, wireImportPanel, wireRefreshAll } from "./import-panel.js";
import { explain, type PaneContext } from "./pane-context.js";
import { whoamiInOrganization, wireOrganizationPicker } from "./reach-panel.js";
import { wireRotatePanel } from "./rotate-panel.js";

/*
 * The shared runtime's one entry point: Excel loads this page for the task pane and for the
 * custom functions alike (manifest: Runtime lifetime="long"), so both use one Session. The
 * manifest names this bundle as the functions' Script too; should a host load it twice, the
 * second copy stands down instead of registering a second Session.
 */
const marker = globalThis as { __layerExcelLoaded?: boolean };
const firstCopy = !marker.__layerExcelLoaded;
marker.__layerExcelLoaded = true;

const session = new Session({ store: officeTokenStore() });
let documentName: string | undefined;

if (firstCopy) {
  const functions = createLayerFunctions({
    session,
    cellError: customFunctionsError,
    documentName: () => documentName,
  });
  // A cell computed while the workbook opens waits until the stored token has been read.
  const afterRestore =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await session.restored;
      return fn(...args);
    };
  useLayerFunctions({ table: afterRestore(functions.table), token: afterRestore(functions.token) });
  // Wire the functions before Office is ready: Excel may evaluate cells as soon as the page loads.
  if (typeof CustomFunctions !== "undefined") associateLayerFunctions();
}

async function workbookName(): Promise<string> {
  if (documentName) return documentName;
  documentName = await readWorkbookName((batch) => Excel.run(batch));
  return documentName;
}

async function start(): Promise<void> {
  const ctx: PaneContext = {
    session,
    definitions: new ImportDefinitions(Office.context.document.settings as never),
    excelRun: (batch) => Excel.run(batch),
    workbookName,
    whoami: null,
    refresh: async () => {
      await renderConnection(ctx);
      await renderImports(ctx);
      if (session.token) await loadProjects(ctx);
    },
  };
  wireConnectPanel(ctx);
  wireRotatePanel(ctx);
  wireOrganizationPicker(ctx);
  wireImportPanel(ctx);
  wireRefreshAll(ctx);
  wireSettings(ctx);
  show("starting", false);
  show("app", true);

  await session.restore();
  await ctx.refresh();
  if (session.token) {
    // Re-check the stored token: it may have been revoked, killed or come close to expiry.
    try {
      const before = session.organization;
      ctx.whoami = await whoamiInOrganization(ctx);
      // Fell back to all organizations: the project list loaded for the old one is stale.
      if (session.organization !== before) await ctx.refresh();
      else await renderConnection(ctx);
    } catch (error) {
      const explained = explain(ctx, error, documentName);
      byId("banner").className = "banner error";
      byId("banner-text").textContent = `${explained.title}. ${explained.message}`;
      show("banner", true);
    }
  }
}

function wireSettings(ctx: PaneContext): void {
  const input = byId<HTMLInputElement>("api-url");
  input.value = apiBaseUrl();
  byId("save-api-url").addEventListener("click", () => {
    const url = normaliseApiUrl(input.value);
    if (!url)
      return say(
        "settings-status",
        "Give an http(s) address such as https://api.layer.example, without ? or #.",
        "error",
      );
    setApiBaseUrl(url);
    input.value = url;
    say("settings-status", `Saved: the pane now talks to ${url}.`, "ok");
    void ctx.refresh();
  });
}

function outsideOffice(): void {
  show("starting", false);
  show("outside-office", true);
}

if (!firstCopy) {
  // Already running in this page.
} else if (typeof Office === "undefined") {
  document.addEventListener("DOMContentLoaded", outsideOffice);
} else {
  void Office.onReady((info) => {
    // Outside Office, office.js resolves onReady with host null (docs/hosts.md).
    if (info.host !== Office.HostType.Excel) return outsideOffice();
    void start().catch((error: unknown) => {
      show("app", true);
      say("connect-status", error instanceof Error ? error.message : String(error), "error");
    });
  });
}
