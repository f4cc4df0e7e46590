import { parseArgs } from "node:util";
import type { OperatorCommand } from "../operator/commands.js";
import { COMMANDS, helpText, PROGRAM } from "./commands-help.js";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--help` asked for: printed to stdout, exit 0. */
export class HelpRequested extends Error {
  override readonly name = "HelpRequested";
}

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
      access: { type: "string" },
      project: { type: "string", multiple: true },
      role: { type: "string" },
      reset: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [group, action, arg, extra] = positionals;
  const name = COMMANDS.find((c) => c.name === `${group} ${action ?? ""}`.trim() || c.name === group)?.name;
  if (values.help) throw new HelpRequested(helpText(name));
  if (positionals.length === 0) throw new UsageError(`no command given. Run \`${PROGRAM} --help\` for the list`);
  const seeHelp = name ? `${PROGRAM} ${name} --help` : `${PROGRAM} --help`;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined || value === "") throw new UsageError(`missing ${what}. See \`${seeHelp}\``);
    return value;
  };
  const json = values.json ?? false;
  const as = <T extends OperatorCommand>(c: T) => ({ command: c as OperatorCommand, json });
  switch (`${group} ${action ?? ""}`.trim()) {
    case "seed":
      return as({
        command: "seed",
        ordersRows:
          values["orders-rows"] === undefined ? undefined : wholeNumber(values["orders-rows"], "--orders-rows"),
        ...(values.reset ? { reset: true } : {}),
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
        expiresAt: values["expires-at"] === undefined ? undefined : futureTime(values["expires-at"]),
        env: values.env as "live" | undefined,
        legacy: values.legacy,
        access: values.access as "read" | undefined,
        projectIds: values.project,
      });
    case "purge-history":
      return as({ command: "tokens.purge-history" });
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
              projectId: need(onlyOne(values.project, "--project"), "--project"),
              email: need(values.user, "--user"),
              role: values.role as "viewer" | undefined,
            }
          : {
              command: "members.remove",
              projectId: need(onlyOne(values.project, "--project"), "--project"),
              email: need(values.user, "--user"),
            },
      );
    default:
      throw new UsageError(`unknown command "${positionals.join(" ")}". Run \`${PROGRAM} --help\` for the list`);
  }
}

function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text.replaceAll("_", "").replaceAll(",", ""))) {
    throw new UsageError(`${option} takes a whole number, not "${text}"`);
  }
  return Number(text.replaceAll("_", "").replaceAll(",", ""));
}

/** An option that may be given once only (`--project` repeats for tokens create alone). */
function onlyOne(values: string[] | undefined, option: string): string | undefined {
  if (values && values.length > 1) throw new UsageError(`${option} may be given once here`);
  return values?.[0];
}

/** An expiry the operator typed: a real time, and in the future (a token born expired helps nobody). */
function futureTime(text: string, now = new Date()): string {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime())) {
    throw new UsageError(`--expires-at takes an ISO 8601 time such as 2027-03-31T00:00:00Z, not "${text}"`);
  }
  if (at.getTime() <= now.getTime()) {
    throw new UsageError(`--expires-at ${text} is in the past; give a time after ${now.toISOString()}`);
  }
  return text;
}
