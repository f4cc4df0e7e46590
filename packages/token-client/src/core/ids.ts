const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** One character of `alphabet` from an injected `random()`, guarded against a random that leaves [0, 1). */
function pick(alphabet: string, random: () => number): string {
  const r = random();
  const i = Number.isFinite(r) ? Math.floor(Math.abs(r) * alphabet.length) % alphabet.length : 0;
  return alphabet.charAt(i);
}

/**
 * `req_` + 24 base36 characters, kept across the retries of one call so the server's logs tie
 * them together. Built from the injected random: Apps Script has no `crypto`.
 */
export function newRequestId(random: () => number): string {
  let id = "req_";
  for (let i = 0; i < 24; i++) id += pick(ALPHABET, random);
  return id;
}

/** A UUID v4 (the form idempotency keys are most widely accepted in), from the injected random. */
export function newIdempotencyKey(random: () => number): string {
  const hex = "0123456789abcdef";
  let out = "";
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += "-";
    else if (i === 14) out += "4";
    else if (i === 19) out += "89ab".charAt(Math.floor(Math.abs(random() || 0) * 4) % 4);
    else out += pick(hex, random);
  }
  return out;
}
