import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountClient } from "../testing/account-client.js";
import { call, type Reply } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/openapi-proxy.mjs", import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** `npm run openapi:proxy`, as a user runs it, in front of `apiUrl`; resolves once Prism listens. */
async function startProxy(apiUrl: string, documentUrl?: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [SCRIPT], {
    env: {
      ...process.env,
      LAYER_API_URL: apiUrl,
      PRISM_PORT: String(port),
      ...(documentUrl ? { OPENAPI_URL: documentUrl } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Prism is listening")) resolve();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`the proxy stopped (${code}): ${log}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

/** The API's answer came through the proxy unchanged: Prism found no violation. */
function clean(reply: Reply, status: number): void {
  expect(reply.headers.get("sl-violations"), reply.text).toBeNull();
  expect(reply.status, reply.text).toBe(status);
}

describe("Prism as a validating proxy in front of the API (npm run openapi:proxy)", () => {
  let api: TokenApi;
  let proxy: { url: string; child: ChildProcess } | undefined;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    proxy = await startProxy(api.url);
  });
  afterAll(async () => {
    await stop(proxy?.child);
    await api?.close();
  });

  it("passes the account page's and a connector's requests, happy and refused, without a violation", async () => {
    const url = proxy!.url;
    clean(await call(`${url}/healthz`), 200);
    clean(await call(`${url}/readyz`), 200);
    clean(await call(`${url}/openapi.json`), 200);

    const account = new AccountClient(url);
    clean(await account.signIn("ada@example.com"), 201);
    clean(await account.request("GET", "/v1/session"), 200);
    const created = await account.createToken("Through Prism", "30d");
    clean(created, 201);
    const { token, keyId } = created.body as { token: string; keyId: string };
    clean(await account.request("GET", "/v1/tokens"), 200);
    clean(await account.request("PATCH", `/v1/tokens/${keyId}`, { json: { name: "Through Prism, renamed" } }), 200);
    clean(await account.request("PATCH", "/v1/tokens/0123456789ABCDEF", { json: { name: "Nobody's" } }), 404);
    clean(await account.request("GET", "/v1/organizations/org_acme/token-holders"), 200);

    for (const path of [
      "/v1/whoami",
      "/v1/projects",
      "/v1/projects/prj_acme_tower",
      "/v1/projects/prj_acme_tower/tables",
      "/v1/projects/prj_acme_tower/tables/tbl_orders",
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=3&sort=amount%20desc&count=true",
    ]) {
      clean(await call(`${url}${path}`, { token }), 200);
    }
    clean(await call(`${url}/v1/projects/prj_nowhere`, { token }), 404);
    clean(await call(`${url}/v1/whoami`, { token: `${token.slice(0, -4)}AAAA` }), 401);
    const rotate = { method: "POST", json: { graceSeconds: 600 }, token };
    clean(await call(`${url}/v1/tokens/self/rotate`, rotate), 201);
    clean(await call(`${url}/v1/tokens/self/rotate`, rotate), 409);

    clean(await account.request("DELETE", `/v1/tokens/${keyId}`), 204);
    clean(await account.request("DELETE", "/v1/session"), 204);
  });

  it("reports a response the document does not allow", async () => {
    // The same API, checked against a document whose /readyz forbids the `engine` it sends.
    const document = (await call(`${api.url}/openapi.json`)).body;
    const ready = document.paths["/readyz"].get.responses["200"].content["application/json"].schema;
    delete ready.properties.engine;
    ready.required = ["status"];
    ready.additionalProperties = false;
    const dir = await mkdtemp(join(tmpdir(), "layer-prism-"));
    let strict: { url: string; child: ChildProcess } | undefined;
    try {
      await writeFile(join(dir, "openapi.json"), JSON.stringify(document));
      strict = await startProxy(api.url, join(dir, "openapi.json"));
      const reply = await call(`${strict.url}/readyz`);
      expect(reply.status).toBe(500);
      expect(reply.headers.get("sl-violations")).toContain("engine");
    } finally {
      await stop(strict?.child);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
