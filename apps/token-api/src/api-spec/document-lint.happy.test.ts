import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

const run = promisify(execFile);
const SPECTRAL = createRequire(import.meta.url).resolve("@stoplight/spectral-cli/dist/index.js");
const RULESET = fileURLToPath(new URL("../../.spectral.yaml", import.meta.url));

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

/** Spectral's own CLI, with its recommended OpenAPI rules (.spectral.yaml), on the document the API serves. */
async function lint(document: unknown): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), "layer-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(document));
    // Exit code 1 when anything is found: the findings are still in stdout.
    const { stdout } = await run(
      process.execPath,
      [SPECTRAL, "lint", file, "--ruleset", RULESET, "--format", "json", "--fail-severity", "hint", "--quiet"],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    return JSON.parse(stdout) as Finding[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the OpenAPI document under Spectral's recommended rules", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("has no error, warning, information or hint", async () => {
    const findings = await lint((await call(`${api.url}/openapi.json`)).body);
    expect(findings.map((f) => `${f.code} at ${f.path.join(".")}: ${f.message}`)).toEqual([]);
  });

  it("reports what it should: the check itself finds a document's faults", async () => {
    const document = (await call(`${api.url}/openapi.json`)).body;
    delete document.paths["/v1/whoami"].get.operationId;
    document.paths["/v1/whoami"].get.tags = ["Nowhere"];
    const codes = (await lint(document)).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["operation-operationId", "operation-tag-defined"]));
  });
});
