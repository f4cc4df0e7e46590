import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import * as acorn from "acorn";
import * as walk from "acorn-walk";
import { describe, expect, it } from "vitest";
import { ENTRY_POINTS } from "../src/entry-points.js";
// @ts-expect-error: plain .mjs helper without types
import { OAUTH_SCOPES, whitelistProblem } from "../scripts/manifest.mjs";

const dist = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const code = readFileSync(dist("Code.js"), "utf8");
const manifest = JSON.parse(readFileSync(dist("appsscript.json"), "utf8")) as Record<string, unknown>;
const ast = acorn.parse(code, { ecmaVersion: 2019, sourceType: "script", onComment: [] as acorn.Comment[] });

/** Apps Script has none of these at run time (docs/hosts.md). */
const FORBIDDEN = [
  "require",
  "module",
  "exports",
  "process",
  "fetch",
  "setTimeout",
  "setInterval",
  "URL",
  "URLSearchParams",
  "TextEncoder",
  "TextDecoder",
  "crypto",
  "Buffer",
  "window",
  "document",
];

function jsdocBefore(name: string): string {
  const at = code.indexOf(`\nfunction ${name}(`);
  const start = code.lastIndexOf("/**", at);
  return code.slice(start, at);
}

describe("dist/Code.js", () => {
  it("parses as a classic script at ES2019 (no import/export)", () => {
    expect(() => new vm.Script(code)).not.toThrow();
    expect(ast.body.some((n) => n.type === "ImportDeclaration" || n.type.startsWith("Export"))).toBe(false);
  });

  it("has exactly one top-level function per entry point, with its real parameter names", () => {
    const functions = new Map(
      ast.body
        .filter((n): n is acorn.FunctionDeclaration => n.type === "FunctionDeclaration")
        .map((f) => [f.id.name, f.params.map((p) => (p as acorn.Identifier).name)]),
    );
    expect([...functions.keys()].sort()).toEqual(ENTRY_POINTS.map((e) => e.name).sort());
    for (const entry of ENTRY_POINTS) expect(functions.get(entry.name)).toEqual(entry.params.map((p) => p.name));
  });

  it("documents the custom function for Sheets: @customfunction and each @param by name", () => {
    const doc = jsdocBefore("LAYER_TABLE");
    expect(doc).toContain("@customfunction");
    for (const p of ["project", "table", "[fields]", "[limit]"])
      expect(doc).toMatch(new RegExp(`@param \\{\\w+\\} ${p.replace(/[[\]]/g, "\\$&")} `));
    expect(jsdocBefore("connectToken")).not.toContain("@customfunction");
  });

  it("references no global that Apps Script lacks", () => {
    const declared = new Set<string>();
    walk.full(ast, (node) => {
      if (node.type === "VariableDeclarator" && (node as acorn.VariableDeclarator).id.type === "Identifier")
        declared.add(((node as acorn.VariableDeclarator).id as acorn.Identifier).name);
    });
    const found = new Set<string>();
    walk.ancestor(ast, {
      Identifier(node, _state, ancestors) {
        const name = (node as acorn.Identifier).name;
        if (!FORBIDDEN.includes(name) || declared.has(name)) return;
        const parent = ancestors[ancestors.length - 2] as acorn.Node & {
          property?: acorn.Node;
          computed?: boolean;
          key?: acorn.Node;
        };
        if (parent?.type === "MemberExpression" && parent.property === node && !parent.computed) return;
        if (parent?.type === "Property" && parent.key === node) return;
        found.add(name);
      },
    });
    expect([...found]).toEqual([]);
  });

  it("runs its top level with nothing but the language's own globals", () => {
    const context = vm.createContext({});
    expect(() => vm.runInContext(code, context)).not.toThrow();
    expect(typeof context["LAYER_TABLE"]).toBe("function");
  });
});

describe("dist/appsscript.json", () => {
  it("is V8 with explicit scopes and the API base URL whitelisted", () => {
    expect(manifest["runtimeVersion"]).toBe("V8");
    expect(manifest["oauthScopes"]).toEqual(OAUTH_SCOPES);
    expect(OAUTH_SCOPES).toEqual(
      expect.arrayContaining([
        "https://www.googleapis.com/auth/script.external_request",
        "https://www.googleapis.com/auth/script.container.ui",
        "https://www.googleapis.com/auth/script.scriptapp",
      ]),
    );
    const whitelist = manifest["urlFetchWhitelist"] as string[] | undefined;
    if (code.startsWith("// TEST BUILD")) {
      // A test build (no https LAYER_API_URL) carries no whitelist Apps Script would reject.
      expect(whitelist).toBeUndefined();
    } else {
      expect(whitelist).toHaveLength(1);
      expect(whitelistProblem(whitelist?.[0])).toBeNull();
      expect(code).toContain(JSON.stringify(whitelist?.[0]?.replace(/\/$/, "")));
    }
  });
});

/** Runs scripts/build.mjs as `npm run build` would, with `env`, into a temporary directory. */
function buildWith(apiUrl: string | undefined) {
  const out = mkdtempSync(join(tmpdir(), "layer-sheets-build-"));
  const script = fileURLToPath(new URL("../scripts/build.mjs", import.meta.url));
  const env = { ...process.env };
  delete env["LAYER_API_URL"];
  if (apiUrl !== undefined) env["LAYER_API_URL"] = apiUrl;
  const run = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const b = await import(${JSON.stringify(script)}); await b.build({ target: b.buildTarget(), outDir: process.argv[1] });`,
      out,
    ],
    { env, encoding: "utf8" },
  );
  const read = (f: string) => readFileSync(join(out, f), "utf8");
  const result =
    run.status === 0
      ? {
          ok: true as const,
          code: read("Code.js"),
          manifest: JSON.parse(read("appsscript.json")) as Record<string, unknown>,
        }
      : { ok: false as const, error: run.stderr };
  rmSync(out, { recursive: true, force: true });
  return { ...result, output: `${run.stdout}${run.stderr}` };
}

describe("the build and Google's urlFetchWhitelist rule", () => {
  it("Google's rule: https, a full host name, a path", () => {
    expect(whitelistProblem("https://api.layer.example/")).toBeNull();
    expect(whitelistProblem("https://layer.example.com:8443/v1/")).toBeNull();
    expect(whitelistProblem("https://*.layer.example/")).toBeNull();
    expect(whitelistProblem("http://127.0.0.1:8787/")).toMatch(/not https/);
    expect(whitelistProblem("https://localhost:8787/")).toMatch(/full host name/);
    expect(whitelistProblem("https://127.0.0.1/")).toMatch(/full host name/);
    expect(whitelistProblem("https://api.layer.example")).toMatch(/a path/);
  });

  it("with an https LAYER_API_URL: the whitelist passes the rule and Code.js talks to that URL", () => {
    const built = buildWith("https://layer-api.example.com/");
    if (!built.ok) throw new Error(built.error);
    const whitelist = built.manifest["urlFetchWhitelist"] as string[];
    expect(whitelist).toEqual(["https://layer-api.example.com/"]);
    expect(whitelist.map((e) => whitelistProblem(e))).toEqual([null]);
    expect(built.code.startsWith("// TEST BUILD")).toBe(false);
    expect(built.code).toContain('"https://layer-api.example.com"');
  });

  it("without an https LAYER_API_URL: a test build, said so, with no whitelist for Apps Script to reject", () => {
    for (const url of [undefined, "http://127.0.0.1:8787"]) {
      const built = buildWith(url);
      if (!built.ok) throw new Error(built.error);
      expect(built.manifest["urlFetchWhitelist"]).toBeUndefined();
      expect(built.code.startsWith("// TEST BUILD")).toBe(true);
      expect(built.output).toMatch(/TEST BUILD: .*npm run push refuses it/);
    }
  });

  it("an https LAYER_API_URL Apps Script would reject fails the build, saying why", () => {
    const built = buildWith("https://localhost:8787");
    expect(built.ok).toBe(false);
    expect(built.output).toMatch(/Apps Script would reject the whitelist: .*full host name/);
  });
});

describe("dist/Sidebar.html", () => {
  const html = readFileSync(dist("Sidebar.html"), "utf8");
  it("inlines its script and styles: nothing loaded from elsewhere", () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).toContain("google.script.run");
    expect(html).toMatch(/<style>[^<]*font:/);
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
  });
});
