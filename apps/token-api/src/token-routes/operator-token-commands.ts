import { ProjectId, Tier, TokenAccess, TokenEnv, TokenExpiration } from "@layer/contracts";
import { z } from "zod";
import { notFound, validationFailed } from "../errors/domain-error.js";
import type { Services } from "../services.js";
import { findUserByEmail, type User } from "../store/users.js";
import { toTokenSummary } from "../tokens/token-summary.js";

export const OperatorEmail = z.string().trim().toLowerCase().pipe(z.email());
const KeyId = z.string().min(1).max(64);
const Email = OperatorEmail;

/** The operator's token commands (CLI and operator channel): issue, list and revoke tokens, kill switches and tiers of keys. */
export const TOKEN_COMMANDS = [
  z.strictObject({
    // A legacy token has no name of its own (docs/contract.md); it is listed as "Legacy token".
    command: z.literal("tokens.create"),
    email: Email,
    name: z.string().optional(),
    expires: TokenExpiration.optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    env: TokenEnv.optional(),
    legacy: z.boolean().optional(),
    access: TokenAccess.optional(),
    projectIds: z.array(ProjectId).min(1).optional(),
  }),
  z.strictObject({ command: z.literal("tokens.list"), email: Email, includeRevoked: z.boolean().optional() }),
  z.strictObject({ command: z.literal("tokens.revoke"), keyId: KeyId }),
  // Revoked and expired tokens older than the history's 90 days (the server's job does it hourly).
  z.strictObject({ command: z.literal("tokens.purge-history") }),
  z.strictObject({ command: z.literal("keys.kill"), keyId: KeyId }),
  z.strictObject({ command: z.literal("keys.restore"), keyId: KeyId }),
  z.strictObject({ command: z.literal("keys.tier"), keyId: KeyId, tier: Tier }),
] as const;

const TokenCommand = z.discriminatedUnion("command", TOKEN_COMMANDS);
export type TokenCommand = z.output<typeof TokenCommand>;

const ACTOR = "operator";

export async function userByEmail(s: Services, email: string): Promise<User> {
  const user = await findUserByEmail(s.db, email);
  if (!user) throw notFound(`user ${email}`);
  return user;
}

/** Runs one parsed token command; only tokens.create's result holds a secret. */
export async function runTokenCommand(s: Services, cmd: TokenCommand): Promise<unknown> {
  switch (cmd.command) {
    case "tokens.create": {
      if (cmd.expires !== undefined && cmd.expiresAt !== undefined) {
        throw validationFailed([{ path: "expiresAt", message: "give --expires or --expires-at, not both" }]);
      }
      const user = await userByEmail(s, cmd.email);
      const issued = await s.tokens.create({
        userId: user.id,
        name: cmd.name ?? (cmd.legacy ? "Legacy token" : ""),
        expiresIn: cmd.expires,
        expiresAt: cmd.expiresAt ? new Date(cmd.expiresAt) : undefined,
        env: cmd.env,
        legacy: cmd.legacy,
        access: cmd.access,
        projectIds: cmd.projectIds,
        actor: ACTOR,
      });
      return { token: issued.created };
    }
    case "tokens.list": {
      const user = await userByEmail(s, cmd.email);
      const now = s.clock();
      const view = (cmd.includeRevoked ?? true) ? "all" : "active";
      return { tokens: (await s.tokens.list({ userId: user.id, view })).map((t) => toTokenSummary(t, now)) };
    }
    case "tokens.revoke": {
      const record = await s.tokens.revoke({ keyId: cmd.keyId, actor: ACTOR, revokedBy: "operator" });
      if (!record) throw notFound("token");
      return { token: toTokenSummary(record, s.clock()) };
    }
    case "tokens.purge-history": {
      const purged = await s.tokens.purgeHistory();
      return { purged: purged.length, keyIds: purged };
    }
    case "keys.kill":
    case "keys.restore": {
      const record = await s.tokens.setKillSwitch({ keyId: cmd.keyId, on: cmd.command === "keys.kill", actor: ACTOR });
      if (!record) throw notFound("token");
      return { token: toTokenSummary(record, s.clock()), killSwitch: record.killSwitch };
    }
    case "keys.tier": {
      const record = await s.tokens.setTier({ keyId: cmd.keyId, tier: cmd.tier, actor: ACTOR });
      if (!record) throw notFound("token");
      return { token: toTokenSummary(record, s.clock()) };
    }
  }
}
