import { TOKEN_FORMAT } from "@layer/contracts/token-format";

const PERSONAL_KEY_ID = new RegExp(`^[${TOKEN_FORMAT.keyIdAlphabet}]{${TOKEN_FORMAT.keyIdLength}}$`);
const LEGACY_KEY_ID = new RegExp(`^${TOKEN_FORMAT.legacyPrefix}[0-9a-f]{8}$`);

/**
 * The one display form of a token, from its key id: the contract's `lp_live_<key_id>_…`
 * (`lp_test_…` for a test token), or for a legacy token its key id and `…`. `maskToken` gives
 * the same for a whole token, so what a connector names matches what the account page lists.
 * Null for anything that is not a key id.
 */
export function maskKeyId(keyId: string | null | undefined, env: "live" | "test" = "live"): string | null {
  if (typeof keyId !== "string") return null;
  if (PERSONAL_KEY_ID.test(keyId)) return maskPersonal(keyId, env);
  if (LEGACY_KEY_ID.test(keyId)) return `${keyId}\u2026`;
  return null;
}

/** The display form of a personal token's key id already known to be one (the parser checked it). */
export function maskPersonal(keyId: string, env: "live" | "test"): string {
  return `lp_${env}_${keyId}_\u2026`;
}
