import type { Config } from "../config.js";
import { dataDirHolder } from "../db/data-dir-lock.js";
import { readOperatorFile } from "../operator/operator-file.js";
import type { OperatorCommand } from "../operator/commands.js";
import { type OperatorHooks, runOperatorCommand } from "../operator/commands.js";
import { createServices } from "../services.js";

export class CommandFailed extends Error {
  override readonly name = "CommandFailed";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Runs a command where the data lives. The embedded database admits one process: when a server
 * holds the data directory, the command goes through its loopback operator channel; otherwise
 * the CLI opens the database itself (and holds the lock meanwhile). With DATABASE_URL it connects
 * directly; a running server sees kill switches within seconds and other changes within its
 * cache TTL.
 */
export async function execute(
  config: Config,
  command: OperatorCommand,
  hooks: OperatorHooks & { onChannel?: (url: string) => void } = {},
): Promise<unknown> {
  if (!config.databaseUrl && config.dataDir !== "memory") {
    const holder = dataDirHolder(config.dataDir);
    if (holder !== null) {
      const endpoint = readOperatorFile(config.dataDir);
      if (!endpoint || endpoint.pid !== holder) {
        throw new CommandFailed(
          `the data directory ${config.dataDir} is in use by process ${holder}, which offers no operator channel; stop it first`,
          "LOCKED",
        );
      }
      hooks.onChannel?.(endpoint.url);
      return viaChannel(endpoint.url, endpoint.secret, command);
    }
  }
  const services = await createServices({ config, timers: false });
  try {
    return await runOperatorCommand(services, command, hooks);
  } finally {
    await services.close();
  }
}

async function viaChannel(url: string, secret: string, command: OperatorCommand): Promise<unknown> {
  const response = await fetch(`${url}/_operator/commands`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Operator-Secret": secret },
    body: JSON.stringify(command),
  });
  const body = (await response.json().catch(() => ({}))) as {
    result?: unknown;
    error?: { code: string; message: string; details?: unknown };
  };
  if (!response.ok) {
    const issues = (body.error?.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
    const detail = issues?.length ? `: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}` : "";
    throw new CommandFailed(
      `${body.error?.message ?? `the server answered ${response.status}`}${detail}`,
      body.error?.code ?? "INTERNAL",
    );
  }
  return body.result;
}
