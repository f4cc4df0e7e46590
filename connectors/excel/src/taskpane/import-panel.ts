import type { TableSchema } from "@layer/contracts";
import { parseCell } from "../workbook/a1.js";
import { WorkbookLimitError } from "../workbook/excel-limits.js";
import type { ImportDefinition } from "../workbook/import-definitions.js";
import { runImport, type ImportProgress } from "../workbook/import-runner.js";
import { tableNameFor } from "../workbook/table-writer.js";
import { ConditionError } from "@layer/contracts/filter";
import { busy, byId, option, say, setOptions, show } from "./dom.js";
import { explain, type PaneContext } from "./pane-context.js";
import { rowsChoice, setRowColumns, wireRowsBuilder } from "./rows-builder.js";

let running: AbortController | null = null;

/** Fills the project list once a token is connected. */
export async function loadProjects(ctx: PaneContext): Promise<void> {
  const select = byId<HTMLSelectElement>("project");
  try {
    const { projects } = await ctx.session.listingClient().listProjects();
    setOptions(
      select,
      projects.map((p) => option(p.id, `${p.name} (${p.id})`)),
    );
    await loadTables(ctx);
  } catch (error) {
    say("import-status", explain(ctx, error).message, "error");
  }
}

async function loadTables(ctx: PaneContext): Promise<void> {
  const project = byId<HTMLSelectElement>("project").value;
  const select = byId<HTMLSelectElement>("table");
  if (!project) return select.replaceChildren();
  const { tables } = await ctx.session.listingClient().listTables(project);
  // Another project was chosen meanwhile: its own load fills the list.
  if (byId<HTMLSelectElement>("project").value !== project) return;
  setOptions(
    select,
    tables.map((t) => option(t.id, `${t.name} (${t.rowCount.toLocaleString()} rows)`)),
  );
  await loadFields(ctx);
}

async function loadFields(ctx: PaneContext): Promise<void> {
  const project = byId<HTMLSelectElement>("project").value;
  const table = byId<HTMLSelectElement>("table").value;
  const fieldset = byId("fields");
  const legend = document.createElement("legend");
  legend.textContent = "Fields";
  if (!project || !table) {
    setRowColumns([]);
    return fieldset.replaceChildren(legend);
  }
  const schema: TableSchema = await ctx.session.listingClient().getTable(project, table);
  // Another table was chosen meanwhile: its own load shows its fields.
  if (byId<HTMLSelectElement>("project").value !== project || byId<HTMLSelectElement>("table").value !== table) return;
  setRowColumns(schema.columns);
  fieldset.replaceChildren(
    legend,
    ...schema.columns.map((c) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = c.name;
      label.append(box, c.name);
      return label;
    }),
  );
  byId<HTMLInputElement>("sheet").value = sheetNameFor(schema.name);
}

/** Worksheet names: at most 31 characters, none of \ / ? * [ ] : */
export function sheetNameFor(name: string): string {
  return (
    name
      .replace(/[\\/?*[\]:]/g, " ")
      .trim()
      .slice(0, 31) || "Layer"
  );
}

export function wireImportPanel(ctx: PaneContext): void {
  wireRowsBuilder();
  byId("project").addEventListener(
    "change",
    () => void loadTables(ctx).catch((e) => say("import-status", explain(ctx, e).message, "error")),
  );
  byId("table").addEventListener(
    "change",
    () => void loadFields(ctx).catch((e) => say("import-status", explain(ctx, e).message, "error")),
  );
  byId("cancel").addEventListener("click", () => running?.abort());
  byId("import").addEventListener("click", () => {
    void busy(byId<HTMLButtonElement>("import"), async () => {
      const token = ctx.session.token;
      const projectId = byId<HTMLSelectElement>("project").value;
      const tableId = byId<HTMLSelectElement>("table").value;
      const boxes = [...byId("fields").querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      const sheetName = sheetNameFor(byId<HTMLInputElement>("sheet").value);
      const startCell = byId<HTMLInputElement>("cell").value.trim().toUpperCase();
      if (!token || !projectId || !tableId) return say("import-status", "Choose a project and a table.", "error");
      if (chosen.length === 0) return say("import-status", "Choose at least one field.", "error");
      if (!parseCell(startCell)) return say("import-status", `"${startCell}" is not a cell like A1.`, "error");
      const maxRowsText = byId<HTMLInputElement>("max-rows").value.trim();
      const maxRows = maxRowsText ? Number(maxRowsText) : null;
      if (maxRows !== null && !(Number.isInteger(maxRows) && maxRows >= 1))
        return say("import-status", "Rows at most: a whole number from 1, or empty for all rows.", "error");
      let rows: { filter: string; sort: string };
      try {
        rows = rowsChoice();
      } catch (error) {
        if (!(error instanceof ConditionError)) throw error;
        return say("import-status", `Condition ${error.condition}: ${error.problem}.`, "error");
      }
      const taken = new Set(ctx.definitions.list().map((d) => d.tableName.toLowerCase()));
      const definition: ImportDefinition = {
        id: `imp_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
        projectId,
        tableId,
        fields: chosen.length === boxes.length ? null : chosen,
        maxRows,
        ...(rows.filter ? { filter: rows.filter } : {}),
        ...(rows.sort ? { sort: rows.sort } : {}),
        sheetName,
        startCell,
        tableName: tableNameFor(tableId, taken),
        tokenName: token.name,
        keyId: token.keyId,
        lastRefresh: null,
      };
      await importWithProgress(ctx, definition, "Import");
    });
  });
}

/** Runs one import or refresh with the progress bar and the Cancel button. */
export async function importWithProgress(
  ctx: PaneContext,
  definition: ImportDefinition,
  verb: "Import" | "Refresh",
): Promise<boolean> {
  running = new AbortController();
  show("cancel", true);
  show("progress", true);
  const bar = byId<HTMLProgressElement>("progress");
  bar.value = 0;
  const onProgress = (p: ImportProgress) => {
    // Download is the first half of the bar, writing the second.
    const share = p.total > 0 ? p.done / p.total : 1;
    bar.value = p.phase === "download" ? share / 2 : 0.5 + share / 2;
    say(
      "import-status",
      p.phase === "download"
        ? `Downloading: ${p.done.toLocaleString()} of ${p.total.toLocaleString()} rows…`
        : `Writing to Excel: ${p.done.toLocaleString()} of ${p.total.toLocaleString()} rows written…`,
    );
  };
  try {
    const outcome = await runImport(definition, {
      session: ctx.session,
      definitions: ctx.definitions,
      excelRun: ctx.excelRun,
      onProgress,
      signal: running.signal,
    });
    if (outcome.partialTable) {
      say(
        "import-status",
        `${verb} canceled after ${outcome.rows.toLocaleString()} rows were written. The old rows were already replaced, so the rows written so far are in the table "${outcome.partialTable}" (${outcome.address}); refresh again to replace it with the whole table.`,
        "warning",
      );
      return false;
    }
    if (outcome.canceled) {
      say("import-status", `${verb} canceled: the workbook was not changed.`, "warning");
      return false;
    }
    bar.value = 1;
    say("import-status", `${verb}ed ${outcome.rows.toLocaleString()} rows into ${outcome.address}.`, "ok");
    return true;
  } catch (error) {
    if (error instanceof WorkbookLimitError) {
      say("import-status", `${verb} not started. ${error.message}`, "error");
      return false;
    }
    const explained = explain(ctx, error);
    say("import-status", `${verb} failed. ${explained.title}: ${explained.message}`, "error");
    return false;
  } finally {
    running = null;
    show("cancel", false);
    await renderImports(ctx);
  }
}

/** The workbook's imports, each with its last refresh and a Refresh button. */
export async function renderImports(ctx: PaneContext): Promise<void> {
  const list = byId("imports");
  const all = ctx.definitions.list();
  show("imports-card", all.length > 0 && ctx.session.token !== null);
  list.replaceChildren(
    ...all.map((d) => {
      const item = document.createElement("li");
      item.dataset.importId = d.id;
      const title = document.createElement("div");
      title.textContent = `${d.tableName}: ${d.tableId} of ${d.projectId} at ${d.sheetName}!${d.startCell}`;
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = d.lastRefresh
        ? `Last refresh ${new Date(d.lastRefresh.at).toLocaleString()}: ${d.lastRefresh.rows.toLocaleString()} rows with token "${d.lastRefresh.tokenName}"`
        : "Never refreshed";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "quiet refresh";
      button.textContent = "Refresh";
      button.addEventListener("click", () => void busy(button, () => importWithProgress(ctx, d, "Refresh")));
      const rows = document.createElement("div");
      rows.className = "meta";
      rows.dataset.testid = "import-rows";
      rows.textContent = [d.filter ? `Rows: ${d.filter}` : "", d.sort ? `Sorted by ${d.sort}` : ""]
        .filter(Boolean)
        .join(" · ");
      item.append(title, ...(rows.textContent ? [rows] : []), meta, button);
      return item;
    }),
  );
}

export function wireRefreshAll(ctx: PaneContext): void {
  const button = byId<HTMLButtonElement>("refresh-all");
  button.addEventListener("click", () => {
    void busy(button, async () => {
      // One after another: the API's rate limit is per token, and Excel writes one batch at a time anyway.
      for (const definition of ctx.definitions.list()) {
        if (!(await importWithProgress(ctx, definition, "Refresh"))) return;
      }
      say("import-status", `Refreshed ${ctx.definitions.list().length} import(s).`, "ok");
    });
  });
}
