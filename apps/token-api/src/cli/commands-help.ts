/** What `--help` prints: one entry per command, with what each option does. */
export interface CommandHelp {
  /** The words that name the command, e.g. "tokens create". */
  name: string;
  args: string;
  summary: string;
  options?: [option: string, meaning: string][];
}

export const PROGRAM = "npm run cli --";

export const COMMANDS: CommandHelp[] = [
  {
    name: "seed",
    args: "[--orders-rows N] [--reset]",
    summary:
      "Adds the demo organizations, users, projects and tables that are missing. Changes nothing that is there, so existing tokens and sign-ins keep working.",
    options: [
      ["--orders-rows N", "rows of the demo orders table when the table is created (default 250,000; 0 to 5,000,000)"],
      [
        "--reset",
        "DELETES EVERYTHING first (every user's tokens and sessions, the audit history, all users and data) and then seeds; prints what it deleted",
      ],
    ],
  },
  {
    name: "users create",
    args: "--email <email> --name <name> [--password <pw>] [--org <orgId> [--org-role owner|member]]",
    summary: "Creates a user who can sign in to the account page.",
    options: [
      ["--password <pw>", "at least 8 characters; without it the user cannot sign in until one is set"],
      ["--org <orgId>", "adds the user to this organization (role: --org-role, default member)"],
    ],
  },
  {
    name: "tokens create",
    args: "--user <email> --name <name> [--expires 30d|90d|1y|never | --expires-at <ISO time>] [--access read|read-write] [--project <projectId>]... [--env live|test] [--legacy]",
    summary: "Creates a personal API token for a user and prints it once.",
    options: [
      ["--expires", "one of the standard expiries (default 90d)"],
      ["--expires-at <ISO time>", "an exact expiry in the future, at most 366 days ahead, e.g. 2027-03-31T00:00:00Z"],
      [
        "--access read|read-write",
        "read: projects:read only; read-write (default): every scope, self-rotation included",
      ],
      [
        "--project <projectId>",
        "limits the token to this project of the user; repeat for several (default: all projects)",
      ],
      ["--env live|test", "the token's environment (default live)"],
      ["--legacy", "a legacy single token (layer_…), for testing old clients; no name"],
    ],
  },
  {
    name: "tokens list",
    args: "--user <email>",
    summary: "Lists a user's tokens, masked, newest first.",
  },
  { name: "tokens revoke", args: "<keyId>", summary: "Revokes a token at once; this cannot be undone." },
  {
    name: "purge-history",
    args: "",
    summary:
      "Deletes revoked and expired tokens that ended more than 90 days ago (the running server does this every HISTORY_PURGE_INTERVAL_SECONDS, default hourly); their audit log entries stay.",
  },
  {
    name: "keys kill",
    args: "<keyId>",
    summary: "Turns a key's kill switch on: every request with it answers 503 KILL_SWITCH until restored.",
  },
  { name: "keys restore", args: "<keyId>", summary: "Turns a key's kill switch off again." },
  {
    name: "keys tier",
    args: "<keyId> standard|pilot|partner",
    summary: "Sets the rate-limit tier of a key.",
  },
  {
    name: "orgs revoke-api-access",
    args: "<orgId>",
    summary: "Turns the organization's kill switch on: every key of its members answers 503 KILL_SWITCH.",
  },
  { name: "orgs restore-api-access", args: "<orgId>", summary: "Turns the organization's kill switch off." },
  {
    name: "kill-switch",
    args: "on|off",
    summary: "The global kill switch: on, every token request answers 503 KILL_SWITCH.",
  },
  {
    name: "members add",
    args: "--project <projectId> --user <email> [--role admin|editor|viewer]",
    summary: "Gives a user a role on a project (default viewer); their tokens see it on the next request.",
  },
  {
    name: "members remove",
    args: "--project <projectId> --user <email>",
    summary: "Removes a user from a project; their tokens lose it on the next request.",
  },
];

const COMMON = "Every command takes --json (machine-readable output) and --help.";

/** The whole list, or one command's page when `name` names one. */
export function helpText(name?: string): string {
  const one = COMMANDS.find((c) => c.name === name);
  if (one) {
    const options = (one.options ?? []).map(([o, m]) => `  ${o.padEnd(24)} ${m}`);
    return [
      `Usage: ${PROGRAM} ${one.name} ${one.args}`,
      "",
      one.summary,
      ...(options.length ? ["", "Options:", ...options] : []),
      "",
      COMMON,
    ].join("\n");
  }
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Operator commands of the token API. They act on the same storage as the server (its running",
    "process when it holds the embedded database, else the database directly).",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(24)} ${c.summary}`),
    "",
    `${COMMON} \`${PROGRAM} <command> --help\` shows a command's options.`,
  ].join("\n");
}
