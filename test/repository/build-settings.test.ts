import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKSPACES = ["packages", "apps", "connectors"].flatMap((group) =>
  readdir(join(ROOT, group)).map((name) => join(group, name)),
);

function readdir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, "package.json"))) : [];
}

/** The settings a workspace's build declares to turbo (its own turbo.json over the root's). */
function declared(workspace: string): string[] {
  const file = join(ROOT, workspace, "turbo.json");
  if (!existsSync(file)) return [];
  const turbo = JSON.parse(readFileSync(file, "utf8")) as { tasks?: { build?: { env?: string[] } } };
  return turbo.tasks?.build?.env ?? [];
}

/** Every script file the build command runs, with the files they import by relative path. */
function buildFiles(workspace: string): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, workspace, "package.json"), "utf8")) as {
    scripts?: { build?: string };
  };
  const queue = [...(pkg.scripts?.build ?? "").matchAll(/node (\S+\.m?js)/g)].map((m) => join(ROOT, workspace, m[1]!));
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+\.m?js)"/g))
      queue.push(resolve(dirname(file), m[1]!));
  }
  return [...seen];
}

/** The environment variables a file reads through process.env. */
function settingsRead(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/process\.env(?:\.([A-Z0-9_]+)|\["([A-Z0-9_]+)"\])/g)].map((m) => (m[1] ?? m[2])!);
}

describe("settings a build writes into its output", () => {
  it("are each declared in that package's turbo.json, so changing one rebuilds it instead of reusing the cache", () => {
    const missing = WORKSPACES.flatMap((workspace) => {
      const known = declared(workspace);
      return buildFiles(workspace).flatMap((file) =>
        settingsRead(file)
          .filter((name) => !known.includes(name))
          .map((name) => `${workspace}: ${name} (read by ${file.slice(ROOT.length)})`),
      );
    });
    expect(missing).toEqual([]);
  });

  it("change the build's cache key: turbo hashes ADDIN_PORT, ADDIN_ORIGIN and LAYER_API_URL into the Excel build", () => {
    const hashOf = (env: Record<string, string>) => {
      const out = execFileSync("npx", ["turbo", "run", "build", "--filter=@layer/excel", "--dry=json"], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
      const task = (
        JSON.parse(out) as { tasks: { taskId: string; hash: string; environmentVariables: { configured: string[] } }[] }
      ).tasks.find((t) => t.taskId === "@layer/excel#build")!;
      return { hash: task.hash, configured: task.environmentVariables.configured.map((v) => v.split("=")[0]) };
    };
    const base = hashOf({ ADDIN_PORT: "3000" });
    const port = hashOf({ ADDIN_PORT: "3005" });
    expect(port.configured).toContain("ADDIN_PORT");
    expect(port.hash).not.toBe(base.hash);
    const all = hashOf({
      ADDIN_PORT: "3000",
      ADDIN_ORIGIN: "https://addin.example",
      LAYER_API_URL: "https://api.example",
    });
    expect(all.configured).toEqual(expect.arrayContaining(["ADDIN_PORT", "ADDIN_ORIGIN", "LAYER_API_URL"]));
    expect(all.hash).not.toBe(base.hash);
  });
});
