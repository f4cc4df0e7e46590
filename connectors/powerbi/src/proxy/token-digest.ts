import { createHash } from "node:crypto";

/**
 * What the proxy keys a token's memory by (its whoami, its pages read ahead): the SHA-256 of the
 * token, so that no map in the proxy holds a secret.
 */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
