import { parseArgs } from "node:util";
import type { OperatorCommand } from "../operator/commands.js";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `Usage: npm run cli -- <command> [--json]

  seed [--orders-rows N]
  users create --email <email> --name <name> [--password <pw>] [--org <orgId> [--org-role owner|member]]
  tokens create --user <email> --name <name> [--expires 30d|90d|1y|never | --expires-at <ISO time>] [--env live|test] [--legacy]
  tokens list --user <email>
  tokens revoke <keyId>
  keys kill|restore <keyId>
  keys tier <keyId> standard|pilot|partner
  orgs revoke-api-access|restore-api-access <orgId>
  kill-switch on|off
  members add|remove --project <projectId> --user <email> [--role admin|editor|viewer]`;

/** Turns argv into an operator command (validated later by its zod schema) and the output mode. */
export function parseCli(argv: string[]): { command: OperatorCommand; json: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      "orders-rows": { type: "string" },
      email: { type: "string" },
      user: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      org: { type: "string" },
      "org-role": { type: "string" },
      expires: { type: "string" },
      "expires-at": { type: "string" },
      env: { type: "string" },
      legacy: { type: "boolean" },
      project: { type: "string" },
      role: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) throw new UsageError(USAGE);
  const [group, action, arg, extra] = positionals;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined || value === "") throw new UsageError(`missing ${what}\n\n${USAGE}`);
    return value;
  };
  const json = values.json ?? false;
  const as = <T extends OperatorCommand>(c: T) => ({ command: c as OperatorCommand, json });
  switch (`${group} ${action ?? ""}`.trim()) {
    case "seed":
      return as({
        command: "seed",
        ordersRows: values["orders-rows"] === undefined ? undefined : Number(values["orders-rows"]),
      });
    case "users create":
      return as({
        command: "users.create",
        email: need(values.email ?? values.user, "--email"),
        name: need(values.name, "--name"),
        password: values.password,
        organizationId: values.org,
        orgRole: values["org-role"] as "owner" | "member" | undefined,
      });
    case "tokens create":
      return as({
        command: "tokens.create",
        email: need(values.user, "--user"),
        name: values.legacy ? values.name : need(values.name, "--name"),
        expires: values.expires as "30d" | undefined,
        expiresAt: values["expires-at"],
        env: values.env as "live" | undefined,
        legacy: values.legacy,
      });
    case "tokens list":
      return as({ command: "tokens.list", email: need(values.user, "--user") });
    case "tokens revoke":
      return as({ command: "tokens.revoke", keyId: need(arg, "<keyId>") });
    case "keys kill":
    case "keys restore":
      return as({ command: action === "kill" ? "keys.kill" : "keys.restore", keyId: need(arg, "<keyId>") });
    case "keys tier":
      return as({ command: "keys.tier", keyId: need(arg, "<keyId>"), tier: need(extra, "<tier>") as "standard" });
    case "orgs revoke-api-access":
    case "orgs restore-api-access":
      return as({
        command: action === "revoke-api-access" ? "orgs.revoke-api-access" : "orgs.restore-api-access",
        organizationId: need(arg, "<orgId>"),
      });
    case "kill-switch on":
    case "kill-switch off":
      return as({ command: "kill-switch", on: action === "on" });
    case "members add":
    case "members remove":
      return as(
        action === "add"
          ? {
              command: "members.add",
              projectId: need(values.project, "--project"),
              email: need(values.user, "--user"),
              role: values.role as "viewer" | undefined,
            }
          : {
              command: "members.remove",
              projectId: need(values.project, "--project"),
              email: need(values.user, "--user"),
            },
      );
    default:
      throw new UsageError(`unknown command "${positionals.join(" ")}"\n\n${USAGE}`);
  }
}
