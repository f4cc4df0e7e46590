import type { DeveloperMetadata, Properties, Spreadsheet } from "./services.js";

/**
 * What the add-on keeps in the spreadsheet itself (import definitions, the chosen token's name
 * and key_id, notices): the spreadsheet's developer metadata, never a secret. Not document
 * properties: a scheduled refresh runs from a time-driven trigger with no active document, where
 * an add-on cannot reach them, yet it must read and update the imports of the spreadsheet it
 * opened by id. Like document properties, every editor can read this: no secret goes here.
 */
export class DocumentStore implements Properties {
  constructor(private readonly spreadsheet: Spreadsheet) {}

  private entries(key?: string): DeveloperMetadata[] {
    return this.spreadsheet
      .getDeveloperMetadata()
      .filter((m) => m.getKey().startsWith("layer.") && (key === undefined || m.getKey() === key));
  }

  getProperty(key: string): string | null {
    return this.entries(key)[0]?.getValue() ?? null;
  }

  setProperty(key: string, value: string): DocumentStore {
    const [first, ...duplicates] = this.entries(key);
    if (first) first.setValue(value);
    else this.spreadsheet.addDeveloperMetadata(key, value);
    for (const extra of duplicates) extra.remove();
    return this;
  }

  deleteProperty(key: string): DocumentStore {
    for (const entry of this.entries(key)) entry.remove();
    return this;
  }

  getProperties(): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (const entry of this.entries()) out[entry.getKey()] = entry.getValue() ?? "";
    return out;
  }
}
