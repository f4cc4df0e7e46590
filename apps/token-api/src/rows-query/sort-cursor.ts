import type { ColumnType } from "@layer/contracts";
import { validationFailed } from "../errors/domain-error.js";
import type { SortPlan, SortPosition } from "./sort-plan.js";

/**
 * The cursor of a filtered or sorted read: table, sort, and the position of the last row served.
 * Like the key cursor it grants nothing, so it is not signed; every value it carries is checked
 * against its column's type before it reaches SQL, so a mangled cursor is a 400, never a 500.
 */
export function encodeSortCursor(tableId: string, plan: SortPlan, position: SortPosition): string {
  return Buffer.from(
    JSON.stringify(["s1", tableId, plan.signature, position.values, position.keyNum, position.keyText]),
  ).toString("base64url");
}

const VALUE_SHAPES: Record<ColumnType, RegExp> = {
  string: /^[^\0]{0,4000}$/su,
  number: /^-?\d{1,400}(\.\d{1,400})?([eE][+-]?\d{1,3})?$/,
  boolean: /^(true|false)$/,
  date: /^[^\0]{0,40}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
};

export function decodeSortCursor(cursor: string, tableId: string, plan: SortPlan): SortPosition {
  const invalid = (why: string) => validationFailed([{ path: "query.cursor", message: why }]);
  if (!/^[A-Za-z0-9_-]{1,16000}$/.test(cursor)) throw invalid("the cursor is not valid for this table");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("the cursor is not valid for this table");
  }
  if (!Array.isArray(value) || value.length !== 6 || value[0] !== "s1" || value[1] !== tableId)
    throw invalid("the cursor is not valid for this table");
  const [, , signature, values, keyNum, keyText] = value as unknown[];
  if (signature !== plan.signature)
    throw invalid("the cursor was made for another sort: send the sort it was made with");
  const ok =
    Array.isArray(values) &&
    values.length === plan.terms.length &&
    values.every((v, i) => v === null || (typeof v === "string" && VALUE_SHAPES[plan.terms[i]!.type].test(v))) &&
    typeof keyNum === "string" &&
    /^-?\d{1,30}(\.\d{1,30})?$/.test(keyNum) &&
    typeof keyText === "string" &&
    keyText.length <= 512 &&
    !keyText.includes("\0");
  if (!ok) throw invalid("the cursor is not valid for this table");
  return { values: values as (string | null)[], keyNum: keyNum as string, keyText: keyText as string };
}
