import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a start command (built code) to its end; a bad setting must end it without starting anything. */
function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    // Started after all, despite the bad setting: stop it and let the assertions say so.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("a bad setting at start", () => {
  const dir = mkdtempSync(join(tmpdir(), "layer-settings-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, "data");
  // Port 0 everywhere: if the check failed and something started, it would not collide.
  const base = { LAYER_DATA_DIR: dataDir, PORT: "0", PROXY_PORT: "0", ADDIN_PORT: "0" };

  it.each([
    ["npm start", ["scripts/start.mjs"], "npm start: "],
    ["the token API's own start", ["apps/token-api/dist/server.js"], "token API: "],
  ])("%s: one clear line naming it, no stack trace, exit 1, nothing started", async (_name, args, prefix) => {
    const result = await run(args, { ...base, RATE_LIMITS: '{"standard":{"read-light":0}}' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${prefix}bad setting: RATE_LIMITS`));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).not.toContain("Layer is ready");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("names each bad one, whichever the setting", async () => {
    const result = await run(["apps/token-api/dist/server.js"], { ...base, PORT: "eighty", LOG_LEVEL: "chatty" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'token API: bad setting: PORT must be a whole number from 0 to 65535, not "eighty"; LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "chatty"',
    );
  });
});
