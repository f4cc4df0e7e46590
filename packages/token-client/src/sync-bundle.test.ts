import { build } from "esbuild";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { createContext, Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { FakeUrlFetchApp } from "./test-support/fake-url-fetch-app.js";
import { makeToken } from "./test-support/tokens.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Bundles as a connector would for Apps Script: one classic script, IIFE, minified, ES2019 (no class fields). */
async function bundle(entry: { path?: string; contents?: string }) {
  const result = await build({
    ...(entry.path
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents!, resolveDir: here("."), sourcefile: "entry.ts", loader: "ts" } }),
    bundle: true,
    format: "iife",
    globalName: "LayerTokenClient",
    minify: true,
    target: "es2019",
    platform: "neutral",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  return { code, inputs: Object.keys(result.metafile.inputs) };
}

/** What Apps Script lacks (docs/hosts.md). A member call like `transport.fetch(` is fine; a global `fetch(` is not. */
function forbidden(code: string): string[] {
  const found: string[] = [];
  if (/zod/i.test(code)) found.push("zod");
  if (/(^|[^.\w$])fetch\s*\(/.test(code)) found.push("fetch(");
  for (const name of [
    "setTimeout",
    "setInterval",
    "new URL",
    "URLSearchParams",
    "TextEncoder",
    "crypto",
    "require(",
    "import(",
    "import.meta",
  ]) {
    if (code.includes(name)) found.push(name);
  }
  return found;
}

function runInAppsScriptLikeRealm(code: string) {
  new Script(code, { filename: "Code.gs" }); // parses as a classic script, or throws
  const sleeps: number[] = [];
  const sandbox: Record<string, unknown> = {
    Utilities: { sleep: (ms: number) => void sleeps.push(ms) },
    UrlFetchApp: new FakeUrlFetchApp([
      {
        status: 429,
        headers: { "Retry-After": "1" },
        body: { error: { code: "RATE_LIMITED", message: "slow", requestId: "r", details: {} } },
      },
      { status: 200, headers: { "X-Token-Expires-At": "2026-12-01T00:00:00Z" }, body: { ok: true } },
      {
        status: 401,
        body: {
          error: { code: "UNAUTHENTICATED", message: "revoked", requestId: "req_r", details: { reason: "revoked" } },
        },
      },
      { status: 200, body: { columns: [], rows: [{ n: 1 }, { n: 2 }], nextCursor: "c1", totalRows: 3 } },
      { status: 200, body: { columns: [], rows: [{ n: 3 }], nextCursor: null, totalRows: 3 } },
    ]),
  };
  const context = createContext(sandbox);
  new Script(`${code}
    // Utilities.sleep here returns at once: the clock moves by what was slept, as it would in Apps Script.
    var now = Date.now();
    var client = LayerTokenClient.createSyncClient({ baseUrl: "https://layer.test", token: ${JSON.stringify(makeToken(1).token)}, transport: UrlFetchApp,
      clock: function () { return now; }, sleep: function (ms) { Utilities.sleep(ms); now += ms; } });
    var result = { whoami: client.whoami(), expires: client.lastTokenExpiresAt, parsed: LayerTokenClient.parseToken("Bearer x").problem,
      globals: [typeof fetch, typeof setTimeout, typeof URL, typeof URLSearchParams, typeof TextEncoder, typeof crypto] };
    try { client.whoami(); } catch (e) {
      result.error = [e.name, e instanceof LayerTokenClient.AuthenticationError, e instanceof LayerTokenClient.LayerError, e.reason, String(e)];
      result.kind = LayerTokenClient.classifyFailure(e, 0).kind;
    }
    var run = client.pages({ projectId: "p", tableId: "t" });
    result.rows = [];
    for (var page of run) result.rows.push(page.rows.length);
    result.complete = run.complete;
  `).runInContext(context);
  return { result: sandbox["result"] as Record<string, unknown>, sleeps };
}

describe("the Apps Script bundle", () => {
  // The whole sync entry, guidance included (what a connector no longer writes itself); a connector's
  // own bundle keeps only what it imports (next test).
  it("bundles the sync entry to one classic script without zod, fetch, timers or URL, under 34 KB, and runs where none exist", async () => {
    const { code, inputs } = await bundle({ path: here("./sync.ts") });
    console.log(
      `Apps Script bundle (src/sync.ts, iife, minified): ${code.length} bytes (${(code.length / 1024).toFixed(1)} KB)`,
    );
    expect(inputs.some((i) => i.includes("zod"))).toBe(false);
    expect(forbidden(code)).toEqual([]);
    // Apps Script sets no size limit this close; the budget only keeps growth deliberate (the
    // guidance now words missing scopes and regenerated tokens too).
    expect(code.length).toBeLessThan(34 * 1024);
    const { result, sleeps } = runInAppsScriptLikeRealm(code);
    expect(result["globals"]).toEqual(["undefined", "undefined", "undefined", "undefined", "undefined", "undefined"]);
    expect(result["whoami"]).toEqual({ ok: true });
    expect(result["expires"]).toBe("2026-12-01T00:00:00Z");
    expect(result["parsed"]).toBe("bearer_prefix");
    expect(sleeps).toEqual([1000]);
    // Class names are minified; `name` is a literal and survives.
    expect(result["error"]).toEqual([
      "AuthenticationError",
      true,
      true,
      "revoked",
      "AuthenticationError [UNAUTHENTICATED 401]: revoked (request req_r)",
    ]);
    expect(result["kind"]).toBe("fix-token");
    expect(result["rows"]).toEqual([2, 1]);
    expect(result["complete"]).toBe(true);
  });

  it("tree-shakes the fetch driver away when a connector imports the sync client from the package root", async () => {
    const { code } = await bundle({
      contents: `import { createSyncClient, parseToken } from "./index.js"; export { createSyncClient, parseToken };`,
    });
    expect(forbidden(code)).toEqual([]);
    expect(code.length).toBeLessThan(25 * 1024);
  });

  it("type-checks with neither DOM nor Node types, on ES2019 (what an Apps Script project has)", () => {
    const program = ts.createProgram([here("./sync.ts")], {
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2019,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2019.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 60_000);

  it("catches what it guards against (the check itself can fail)", () => {
    expect(forbidden('fetch("x");setTimeout(f,1);new URL("a")')).toEqual(["fetch(", "setTimeout", "new URL"]);
    expect(forbidden("t.fetch(u,p)")).toEqual([]);
  });
});
