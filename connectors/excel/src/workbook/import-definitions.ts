/**
 * What the workbook remembers about each import: its definition and its last refresh. This
 * travels with the file (document settings), so it names the token only by name and key_id,
 * never the token itself.
 */
export interface ImportDefinition {
  id: string;
  projectId: string;
  tableId: string;
  /** null: every column. */
  fields: string[] | null;
  /** At most this many rows (the first ones, in the API's order); null or absent: all of them. */
  maxRows?: number | null;
  sheetName: string;
  startCell: string;
  tableName: string;
  tokenName: string;
  keyId: string;
  lastRefresh: { at: string; rows: number; tokenName: string; keyId: string } | null;
}

export interface SettingsLike {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: (result: { status: unknown; error?: { message: string } }) => void): void;
}

const KEY = "layer.imports";

export class ImportDefinitions {
  constructor(private readonly settings: SettingsLike) {}

  list(): ImportDefinition[] {
    const raw = this.settings.get(KEY);
    return Array.isArray(raw) ? (raw as ImportDefinition[]) : [];
  }

  get(id: string): ImportDefinition | undefined {
    return this.list().find((d) => d.id === id);
  }

  async put(definition: ImportDefinition): Promise<void> {
    const all = this.list().filter((d) => d.id !== definition.id);
    all.push(definition);
    await this.write(all);
  }

  async remove(id: string): Promise<void> {
    await this.write(this.list().filter((d) => d.id !== id));
  }

  private write(all: ImportDefinition[]): Promise<void> {
    this.settings.set(KEY, all);
    return new Promise((resolve, reject) => {
      this.settings.saveAsync((result) => {
        if (result.status === "failed" || result.error)
          reject(new Error(result.error?.message ?? "Could not save the workbook's import list."));
        else resolve();
      });
    });
  }
}
