import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLog } from "../log.js";
import { readSettings } from "../settings.js";
import { startHeaderProxy } from "../test-support/header-proxy.js";
import { type RunningHttpServer, startHttpServer } from "./http-server.js";

/**
 * The official conformance suite (@modelcontextprotocol/conformance, 0.1.13: the last release
 * that runs on Node 20) against the Streamable HTTP transport. These are its server scenarios
 * that apply to a server with Layer's tools; the others call test tools, prompts or resources
 * (test_simple_text, test://static-text, …) that only its own reference server has.
 */
const APPLICABLE = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

const run = promisify(execFile);
const conformanceBin = join(
  dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/conformance/package.json")),
  "dist/index.js",
);

let api: TokenApi;
let mcp: RunningHttpServer;
let proxy: { url: string; close(): Promise<void> };
let outDir: string;

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 100 });
  const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Conformance", expires: "30d" });
  mcp = await startHttpServer({ settings: readSettings({ LAYER_API_URL: api.url }), log: silentLog });
  proxy = await startHeaderProxy(Number(new URL(mcp.url).port), token);
  outDir = await mkdtemp(join(tmpdir(), "layer-mcp-conformance-"));
});

afterAll(async () => {
  await proxy?.close();
  await mcp?.close();
  await api?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";
  errorMessage?: string;
}

describe("the official MCP conformance suite, server scenarios, over Streamable HTTP", () => {
  it.each(APPLICABLE)("%s passes", async (scenario) => {
    const dir = join(outDir, scenario);
    await run(process.execPath, [conformanceBin, "server", "--url", proxy.url, "--scenario", scenario, "-o", dir], {
      timeout: 60_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      // A failing scenario exits non-zero; its checks say why.
      return error;
    });
    const [resultDir] = await readdir(dir);
    const checks = JSON.parse(await readFile(join(dir, resultDir ?? "", "checks.json"), "utf8")) as Check[];
    expect(checks.length).toBeGreaterThan(0);
    const failed = checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING");
    expect(failed).toEqual([]);
    expect(checks.some((c) => c.status === "SUCCESS")).toBe(true);
  });
});
