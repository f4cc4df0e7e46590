/**
 * Why a 401 was answered. `expired`, `revoked` and `rotated` only once the secret was proven.
 * Plain values (no zod) so that the clients, the Apps Script bundle among them, read the same list.
 */
export const UNAUTHENTICATED_REASONS = ["missing", "malformed", "invalid", "expired", "revoked", "rotated"] as const;
export type UnauthenticatedReason = (typeof UNAUTHENTICATED_REASONS)[number];

export function isUnauthenticatedReason(value: unknown): value is UnauthenticatedReason {
  return (UNAUTHENTICATED_REASONS as readonly unknown[]).includes(value);
}
