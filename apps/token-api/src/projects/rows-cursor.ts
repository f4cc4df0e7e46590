import type { RowKey } from "./project-store.js";
import { validationFailed } from "../errors/domain-error.js";

/**
 * An opaque keyset cursor: the table and the last key served. It only positions a page (it grants
 * nothing), so it needs no signature; a cursor for another table or a mangled one is a 400.
 */
export function encodeCursor(tableId: string, key: RowKey): string {
  return Buffer.from(JSON.stringify([tableId, key.num, key.text])).toString("base64url");
}

export function decodeCursor(cursor: string, tableId: string): RowKey {
  const invalid = () => validationFailed([{ path: "query.cursor", message: "the cursor is not valid for this table" }]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid();
  const [t, num, text] = value as unknown[];
  if (
    t !== tableId ||
    typeof num !== "string" ||
    !/^-?\d{1,30}(\.\d{1,30})?$/.test(num) ||
    typeof text !== "string" ||
    text.length > 512
  )
    throw invalid();
  return { num, text };
}
