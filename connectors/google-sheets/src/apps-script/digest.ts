import type { Utilities } from "./services.js";

/** SHA-256 of `text` (UTF-8) in hex, through Apps Script's Utilities.computeDigest. */
export function sha256Hex(utilities: Utilities, text: string): string {
  const bytes = utilities.computeDigest(utilities.DigestAlgorithm.SHA_256, text, utilities.Charset.UTF_8);
  // computeDigest answers signed bytes (-128 to 127).
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, "0")).join("");
}
