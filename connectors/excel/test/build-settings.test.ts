/**
 * Through the root build (turbo), ADDIN_PORT reaches the manifest: the setting is part of the
 * build's cache key (connectors/excel/turbo.json), so a build cached for another port is not
 * reused, and the add-in server started with it serves a manifest naming that port only.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");
const repoRoot = join(packageDir, "..", "..");
let child: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

function rootBuild(env: NodeJS.ProcessEnv) {
  const run = spawnSync("npx", ["turbo", "run", "build", "--filter=@layer/excel", "--output-logs=errors-only"], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`turbo build failed: ${run.stdout}\n${run.stderr}`);
}

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", servername: "localhost", port, path, rejectUnauthorized: false },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => {
          body += c.toString();
        });
        res.on("end", () => resolve(body));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const ports = (xml: string) => new Set([...xml.matchAll(/https:\/\/localhost:(\d+)/g)].map((m) => Number(m[1])));

afterAll(() => {
  child?.kill();
  // Put dist/ back as the rest of the suite expects it (a cache hit for the usual settings).
  const { ADDIN_PORT: _port, ADDIN_ORIGIN: _origin, ...env } = process.env;
  rootBuild(env);
});

describe("ADDIN_PORT through the root build", () => {
  it("builds and serves a manifest that names that port only", async () => {
    const port = await freePort();
    const { ADDIN_ORIGIN: _origin, ...env } = process.env;
    rootBuild({ ...env, ADDIN_PORT: String(port) });
    const built = readFileSync(join(packageDir, "dist/manifest.xml"), "utf8");
    expect([...ports(built)]).toEqual([port]);
    expect(built.match(/https:\/\/localhost:/g)!.length).toBeGreaterThanOrEqual(12);

    child = spawn(process.execPath, ["dist/server/main.js"], {
      cwd: packageDir,
      env: { ...env, ADDIN_PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Manifest:")) resolve();
      });
      child!.once("exit", (code) => reject(new Error(`the add-in server exited (${code})`)));
    });
    const served = await fetchText(port, "/manifest.xml");
    expect([...ports(served)]).toEqual([port]);
    expect(served).toBe(built);
  });
});
