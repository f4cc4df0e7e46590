import { OrgRole, ProjectRole } from "@layer/contracts";
import { z } from "zod";
import { DomainError, notFound } from "../errors/domain-error.js";
import { type SeedOptions, seedDemoData } from "../seed/seed.js";
import type { Services } from "../services.js";
import { recordAudit } from "../store/audit.js";
import { setGlobalKillSwitch, setOrganizationApiAccessRevoked } from "../store/kill-switches.js";
import { addProjectMember, removeProjectMember } from "../store/memberships.js";
import { addOrganizationMember, createUser, findUserByEmail } from "../store/users.js";
import {
  OperatorEmail,
  runTokenCommand,
  TOKEN_COMMANDS,
  userByEmail,
} from "../token-routes/operator-token-commands.js";

const Email = OperatorEmail;

/** Every operator command as data: the CLI builds one, runs it here or sends it over the channel. */
export const OperatorCommand = z.discriminatedUnion("command", [
  z.strictObject({
    command: z.literal("seed"),
    ordersRows: z.number().int().min(0).max(5_000_000).optional(),
    reset: z.boolean().optional(),
  }),
  z.strictObject({
    command: z.literal("users.create"),
    email: Email,
    name: z.string().trim().min(1).max(200),
    password: z.string().min(8).max(200).optional(),
    organizationId: z.string().optional(),
    orgRole: OrgRole.optional(),
  }),
  ...TOKEN_COMMANDS,
  z.strictObject({ command: z.literal("orgs.revoke-api-access"), organizationId: z.string().min(1) }),
  z.strictObject({ command: z.literal("orgs.restore-api-access"), organizationId: z.string().min(1) }),
  z.strictObject({ command: z.literal("kill-switch"), on: z.boolean() }),
  z.strictObject({
    command: z.literal("members.add"),
    projectId: z.string().min(1),
    email: Email,
    role: ProjectRole.default("viewer"),
  }),
  z.strictObject({ command: z.literal("members.remove"), projectId: z.string().min(1), email: Email }),
]);
export type OperatorCommand = z.input<typeof OperatorCommand>;

const ACTOR = "operator";

/** Runs one command; the result is JSON. Only tokens.create's result holds a secret. */
/** Progress of long commands, for a caller that can show it (the CLI on a terminal). */
export interface OperatorHooks {
  onSeedProgress?: SeedOptions["onProgress"];
}

export async function runOperatorCommand(s: Services, input: unknown, hooks: OperatorHooks = {}): Promise<unknown> {
  const cmd = OperatorCommand.parse(input);
  switch (cmd.command) {
    case "seed": {
      const report = await seedDemoData(s.db, {
        ordersRows: cmd.ordersRows,
        bcryptCost: s.config.bcryptCost,
        reset: cmd.reset,
        onProgress: hooks.onSeedProgress,
      });
      // Only a reset can have removed tokens or sessions that a cache still holds.
      if (report.reset) await s.invalidation.publish({ kind: "all" });
      return report;
    }
    case "users.create": {
      if (await findUserByEmail(s.db, cmd.email))
        throw new DomainError("CONFLICT", `a user with the email ${cmd.email} exists`);
      const user = await createUser(s.db, {
        email: cmd.email,
        name: cmd.name,
        password: cmd.password,
        bcryptCost: s.config.bcryptCost,
      });
      if (cmd.organizationId) await addOrganizationMember(s.db, cmd.organizationId, user.id, cmd.orgRole ?? "member");
      return { user };
    }
    case "tokens.create":
    case "tokens.list":
    case "tokens.revoke":
    case "tokens.purge-history":
    case "keys.kill":
    case "keys.restore":
    case "keys.tier":
      return runTokenCommand(s, cmd);
    case "orgs.revoke-api-access":
    case "orgs.restore-api-access": {
      const revoked = cmd.command === "orgs.revoke-api-access";
      const found = await s.db.transaction(async (tx) => {
        const ok = await setOrganizationApiAccessRevoked(tx, cmd.organizationId, revoked);
        if (ok)
          await recordAudit(tx, {
            actor: ACTOR,
            action: revoked ? "organization.api_access_revoked" : "organization.api_access_restored",
            organizationId: cmd.organizationId,
            at: s.clock(),
          });
        return ok;
      });
      if (!found) throw notFound("organization");
      await s.invalidation.publish({ kind: "kill-switches" });
      return { organizationId: cmd.organizationId, apiAccessRevoked: revoked };
    }
    case "kill-switch": {
      await s.db.transaction(async (tx) => {
        await setGlobalKillSwitch(tx, cmd.on);
        await recordAudit(tx, {
          actor: ACTOR,
          action: cmd.on ? "global_kill_switch.on" : "global_kill_switch.off",
          at: s.clock(),
        });
      });
      await s.invalidation.publish({ kind: "kill-switches" });
      return { globalKillSwitch: cmd.on };
    }
    case "members.add":
    case "members.remove": {
      const user = await userByEmail(s, cmd.email);
      const project = await s.db.query<{ organization_id: string }>(
        "SELECT organization_id FROM projects WHERE id = $1",
        [cmd.projectId],
      );
      if (project.length === 0) throw notFound("project");
      if (cmd.command === "members.add") {
        await addProjectMember(s.db, cmd.projectId, user.id, cmd.role);
      } else if (!(await removeProjectMember(s.db, cmd.projectId, user.id))) {
        throw notFound("membership");
      }
      await recordAudit(s.db, {
        actor: ACTOR,
        action: cmd.command === "members.add" ? "project_member.added" : "project_member.removed",
        userId: user.id,
        organizationId: project[0]!.organization_id,
        at: s.clock(),
        details: { projectId: cmd.projectId, ...(cmd.command === "members.add" ? { role: cmd.role } : {}) },
      });
      return { projectId: cmd.projectId, userId: user.id, member: cmd.command === "members.add" };
    }
  }
}
