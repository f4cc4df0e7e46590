import type { Column } from "@layer/contracts";
import type { AddonContext } from "../context.js";
import { documentStore } from "../tokens/token-store.js";

/**
 * An import as the document keeps it, for every editor to refresh with their own token.
 * Holds names and ids only: document properties are readable by all editors, so no secret.
 */
export interface ImportDefinition {
  id: string;
  projectId: string;
  projectName: string;
  tableId: string;
  tableName: string;
  /** Column names to import; empty for all. */
  fields: string[];
  /**
   * Which rows, in the API's filter language (`region eq 'North'`), and their order (`amount desc`);
   * empty or absent for all rows in key order. Saved with the import so every Refresh applies them.
   */
  filter?: string;
  sort?: string;
  destination: { sheetName: string; row: number; column: number };
  lastRun: { at: string; rows: number; by: string; status: "complete" | "partial" | "failed"; message: string } | null;
  /** The block the last run left on the sheet (header excluded), cleared before a fresh run. */
  extent: { rows: number; columns: number } | null;
  /** Set while an import is part-way: where the next Refresh carries on. */
  resume: { cursor: string | null; rowsWritten: number; totalRows: number; columns: Column[] } | null;
}

const PREFIX = "layer.import.";

export function listImports(ctx: AddonContext): ImportDefinition[] {
  const all = documentStore(ctx).getProperties();
  return Object.keys(all)
    .filter((key) => key.startsWith(PREFIX))
    .map((key) => JSON.parse(all[key] ?? "null") as ImportDefinition)
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function getImport(ctx: AddonContext, id: string): ImportDefinition | null {
  const raw = documentStore(ctx).getProperty(PREFIX + id);
  return raw ? (JSON.parse(raw) as ImportDefinition) : null;
}

export function saveImport(ctx: AddonContext, definition: ImportDefinition): void {
  documentStore(ctx).setProperty(PREFIX + definition.id, JSON.stringify(definition));
}

export function deleteImport(ctx: AddonContext, id: string): void {
  documentStore(ctx).deleteProperty(PREFIX + id);
}

/** Short, readable and unique within the document: `imp_<time36>`. */
export function newImportId(ctx: AddonContext): string {
  const existing = new Set(listImports(ctx).map((d) => d.id));
  let n = ctx.now();
  while (existing.has(`imp_${n.toString(36)}`)) n += 1;
  return `imp_${n.toString(36)}`;
}
