import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import * as acorn from "acorn";
import * as walk from "acorn-walk";
import { describe, expect, it } from "vitest";
import { ENTRY_POINTS } from "../src/entry-points.js";
// @ts-expect-error: plain .mjs helper without types
import { OAUTH_SCOPES } from "../scripts/manifest.mjs";

const dist = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const code = readFileSync(dist("Code.js"), "utf8");
const manifest = JSON.parse(readFileSync(dist("appsscript.json"), "utf8")) as Record<string, unknown>;
const ast = acorn.parse(code, { ecmaVersion: 2019, sourceType: "script", onComment: [] as acorn.Comment[] });

/** Apps Script has none of these at run time (PLATFORM.md). */
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
    const whitelist = manifest["urlFetchWhitelist"] as string[];
    expect(whitelist).toHaveLength(1);
    expect(whitelist[0]).toMatch(/^https?:\/\/[^/]+\/$/);
    expect(code).toContain(JSON.stringify(whitelist[0]!.replace(/\/$/, "")));
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
