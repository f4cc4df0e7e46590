/**
 * What a queued write adds to a request, in bytes of the JSON Office sends: the values (or
 * formats) as JSON plus an allowance for the action's envelope (object path, property name).
 * Counted as UTF-8, as it travels.
 */
export const ACTION_ENVELOPE_BYTES = 256;

const NEEDS_CAREFUL_COUNT = /[^\x20-\x7e]/;
const encoder = new TextEncoder();

/** Bytes of `value` as JSON in UTF-8. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return NEEDS_CAREFUL_COUNT.test(json) ? encoder.encode(json).length : json.length;
}

/** Bytes one row adds to a values array: its JSON and the comma before it. */
export function rowBytes(row: readonly unknown[]): number {
  return jsonBytes(row) + 1;
}
