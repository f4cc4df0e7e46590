/** Examples shared by the reference's operations: one token as the API lists it. */
export const TOKEN_SUMMARY_EXAMPLE = {
  keyId: "01J9Z3V7K2M4N6P8",
  name: "Power BI refresh",
  env: "live",
  masked: "lp_live_01J9Z3V7K2M4N6P8_…",
  legacy: false,
  tier: "standard",
  scopes: ["projects:read"],
  access: "read",
  projectIds: ["prj_acme_tower"],
  status: "active",
  createdAt: "2026-01-05T09:30:00.000Z",
  expiresAt: "2026-04-05T09:30:00.000Z",
  expiredAt: null,
  lastUsedAt: "2026-03-30T08:00:00.000Z",
  revokedAt: null,
  revokedBy: null,
  rotatedFrom: null,
  rotatedTo: null,
} as const;

/** A token's secret in examples: its shape, never a real one. */
export const SECRET_EXAMPLE = "lp_live_01J9Z3V7K2M4N6P8_<secret, shown once>";
