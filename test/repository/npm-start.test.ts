import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `node scripts/start.mjs` (what `npm start` runs after the build) and waits for "Layer is ready." */
async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Layer is ready.")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output, exited };
}

/** The body of a page of the add-in server (local HTTPS, its own certificate authority). */
function httpsText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Any HTTP answer below 500 (the Power BI proxy asks for credentials with 401); local HTTPS is self-signed. */
function statusOf(url: string): Promise<number> {
  if (url.startsWith("https:")) {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  }
  return fetch(url, { redirect: "manual" }).then((r) => r.status);
}

describe("npm start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "layer-start-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts from a clean data directory, prints URLs that answer, stops on Ctrl-C, and keeps the data for the next start", async () => {
    const env = {
      LAYER_DATA_DIR: join(dataDir, "data"),
      PORT: String(await freePort()),
      PROXY_PORT: String(await freePort()),
      ADDIN_PORT: String(await freePort()),
      SEED_ORDERS_ROWS: "500",
      BCRYPT_COST: "4",
    };
    const first = await start(env);
    children.push(first.child);
    const out = first.output();
    // Every part starts: this package depends on every connector, so each is built before it runs.
    expect(out).not.toContain("not built in this checkout");
    expect(out).toContain("First run");
    expect(out).toContain("ada@example.com");
    expect(out).toContain("layer-demo");
    expect(out).toContain("npm run cli -- tokens create");
    const api = `http://127.0.0.1:${env.PORT}`;
    expect(out).toContain(`${api}/account/api`);

    const urls = [...new Set(out.match(/https?:\/\/[^\s)"'`]+/g) ?? [])].map((u) => u.replace(/[.,]$/, ""));
    for (const url of urls.filter((u) => !u.endsWith("/v1/whoami"))) {
      expect(await statusOf(url), url).toBeLessThan(500);
    }
    expect(await statusOf(`${api}/account/api`)).toBe(200);
    expect(await statusOf(`${api}/`)).toBe(200);

    // ADDIN_PORT is read at start: the manifest served names that port, nothing else.
    const manifest = await httpsText(`https://localhost:${env.ADDIN_PORT}/manifest.xml`);
    expect(manifest).toContain(`https://localhost:${env.ADDIN_PORT}/taskpane.html`);
    expect(manifest.match(/https:\/\/localhost:\d+/g)?.every((o) => o.endsWith(`:${env.ADDIN_PORT}`))).toBe(true);
    // The local certificate authority: where it is and how to trust it (Excel on the web on Linux).
    const ca = out.match(/^ {2}(\S*ca\.pem)$/m)?.[1];
    expect(ca, out).toBeDefined();
    expect(existsSync(resolve(ROOT, ca!))).toBe(true);
    expect(out).toContain("Excel on the web");
    if (process.platform === "linux")
      expect(out).toContain(`certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Layer local CA" -i ${ca}`);
    expect(out).toContain(
      `Upload My Add-in, with the manifest saved from https://localhost:${env.ADDIN_PORT}/manifest.xml`,
    );
    expect(await statusOf(`${api}/healthz`)).toBe(200);

    // A token made on the first run...
    const signIn = await fetch(`${api}/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", password: "layer-demo" }),
    });
    expect(signIn.status).toBe(201);
    const session = (await signIn.json()) as { csrfToken: string };
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const created = await fetch(`${api}/v1/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": session.csrfToken },
      body: JSON.stringify({ name: "kept across restarts", expiresIn: "30d" }),
    });
    const { token } = (await created.json()) as { token: string };
    expect((await fetch(`${api}/v1/whoami`, { headers: { "X-Api-Key": token } })).status).toBe(200);

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("Stopping");
    expect(existsSync(join(env.LAYER_DATA_DIR, "layer.lock"))).toBe(false);

    // ...still works on the second: the data directory was kept and not seeded again.
    const second = await start(env);
    children.push(second.child);
    expect(second.output()).not.toContain("First run");
    expect(second.output()).not.toContain("seeded now");
    // Ctrl-C flushed the last use, which is otherwise written about once a minute.
    const again = await fetch(`${api}/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", password: "layer-demo" }),
    });
    const list = await fetch(`${api}/v1/tokens?name=kept`, {
      headers: { Cookie: again.headers.get("set-cookie")!.split(";")[0]! },
    });
    const [kept] = ((await list.json()) as { tokens: { lastUsedAt: string | null }[] }).tokens;
    expect(kept?.lastUsedAt).not.toBeNull();
    const me = await fetch(`${api}/v1/whoami`, { headers: { "X-Api-Key": token } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { token: { name: string } }).token.name).toBe("kept across restarts");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 240_000);
});
