import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAddinServer, type AddinServer } from "../src/server/addin-server.js";

const root = mkdtempSync(join(tmpdir(), "layer-excel-dist-"));
const certDir = mkdtempSync(join(tmpdir(), "layer-excel-certs-"));
let server: AddinServer;

beforeAll(async () => {
  mkdirSync(join(root, "assets"));
  writeFileSync(join(root, "taskpane.html"), "<!doctype html><title>pane</title>");
  writeFileSync(join(root, "functions.json"), "{}");
  writeFileSync(join(root, "assets", "icon-16.png"), Buffer.from([0x89, 0x50]));
  server = await startAddinServer({ port: 0, root, certDir });
});
afterAll(() => server?.close());

function get(path: string, method = "GET", ca?: string) {
  return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        servername: "localhost",
        port: server.port,
        path,
        method,
        ...(ca ? { ca } : { rejectUnauthorized: false }),
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("startAddinServer", () => {
  it("serves the add-in over HTTPS with a certificate for localhost signed by the local CA it keeps", async () => {
    expect(server.origin).toBe(`https://localhost:${server.port}`);
    expect(server.caCertPath).toBe(join(certDir, "ca.pem"));
    const ca = readFileSync(server.caCertPath!, "utf8");
    const page = await get("/taskpane.html", "GET", ca);
    expect(page).toMatchObject({ status: 200, type: "text/html; charset=utf-8" });
    const leaf = new X509Certificate(readFileSync(join(certDir, "localhost.pem")));
    expect(leaf.subjectAltName).toContain("DNS:localhost");
    expect((await get("/functions.json")).type).toBe("application/json; charset=utf-8");
    expect((await get("/assets/icon-16.png")).type).toBe("image/png");
  });

  it("serves the manifest rendered for its own origin, whatever port the build named", async () => {
    const manifest = await get("/manifest.xml");
    expect(manifest).toMatchObject({ status: 200, type: "application/xml; charset=utf-8" });
    const origins = new Set([...manifest.body.matchAll(/https:\/\/[^/"<]+/g)].map((m) => m[0]));
    expect([...origins]).toEqual([server.origin]);
    expect(server.manifestUrl).toBe(`${server.origin}/manifest.xml`);
  });

  it("refuses paths outside its folder, unknown files and writes", async () => {
    expect((await get("/../package.json")).status).toBe(404);
    expect((await get("/%2e%2e/%2e%2e/etc/passwd")).status).toBe(404);
    expect((await get("/nope.js")).status).toBe(404);
    expect((await get("/assets")).status).toBe(404);
    expect((await get("/taskpane.html", "POST")).status).toBe(405);
    expect((await get("/")).status).toBe(302);
  });

  it("reuses the certificate it kept", async () => {
    const before = readFileSync(join(certDir, "localhost.pem"), "utf8");
    const again = await startAddinServer({ port: 0, root, certDir });
    await again.close();
    expect(readFileSync(join(certDir, "localhost.pem"), "utf8")).toBe(before);
  });
});
