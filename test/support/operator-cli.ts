import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

// The CLI as an operator runs it (`npm run cli -- …`), minus npm: the built entry of @layer/token-api.
const tokenApiDist = dirname(createRequire(import.meta.url).resolve("@layer/token-api"));
const CLI = join(tokenApiDist, "cli", "main.js");
const run = promisify(execFile);

export interface CliToken {
  token: string;
  keyId: string;
  name: string;
  expiresAt: string | null;
}

/** Runs one CLI command with `--json` against the data directory a running server holds. */
export async function operatorCli(dataDir: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [CLI, ...args, "--json"], {
    env: { ...process.env, LAYER_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as unknown;
}

export async function createTokenWithCli(
  dataDir: string,
  user: string,
  name: string,
  ...options: string[]
): Promise<CliToken> {
  const result = (await operatorCli(dataDir, "tokens", "create", "--user", user, "--name", name, ...options)) as {
    token: CliToken;
  };
  return result.token;
}
