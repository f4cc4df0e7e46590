/**
 * What a queued write adds to a request, in bytes of the JSON Office sends: the values (or
 * formats) as JSON plus an allowance for the action's envelope (object path, property name; a
 * sheet name has at most 31 characters, so the envelope stays under it). Counted as UTF-8.
 */
export const ACTION_ENVELOPE_BYTES = 256;

/** Anything but printable ASCII other than " and \: what JSON escapes or UTF-8 spends more bytes on. */
const NOT_PLAIN = /[^ !#-[\]-~]/;
/** JSON text has escaped everything else: only characters past ASCII cost more than a byte. */
const NOT_ASCII = /[^ -~]/;
const encoder = new TextEncoder();

/** Bytes of `value` as JSON in UTF-8. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return NOT_ASCII.test(json) ? encoder.encode(json).length : json.length;
}

/** Bytes of one cell value as JSON in UTF-8; plain text and numbers without building the JSON. */
function cellBytes(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) ? String(value).length : 4;
  if (typeof value === "boolean") return value ? 4 : 5;
  if (typeof value === "string" && !NOT_PLAIN.test(value)) return value.length + 2;
  return jsonBytes(value ?? null);
}

/** Bytes one row adds to a values array: its cells, their commas and brackets, and the comma before it. */
export function rowBytes(row: readonly unknown[]): number {
  let bytes = 2 + Math.max(row.length - 1, 0) + 1;
  for (let i = 0; i < row.length; i += 1) bytes += cellBytes(row[i]);
  return bytes;
}
