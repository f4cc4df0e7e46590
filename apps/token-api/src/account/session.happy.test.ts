import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { setSessionCookie } from "./session-cookie.js";
import { AccountClient } from "../testing/account-client.js";

describe("account session", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("signs in with email and password and sets an HttpOnly, SameSite=Strict session cookie", async () => {
    const ada = new AccountClient(api.url);
    const reply = await ada.signIn("ada@example.com");
    expect(reply.status).toBe(201);
    expect(reply.body.user).toEqual({ id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" });
    expect(reply.body.organizations).toEqual([{ id: "org_acme", name: "Acme Analytics", role: "owner" }]);
    // The page offers these when a token is limited to chosen projects.
    expect(reply.body.projects).toEqual([
      { id: "prj_acme_retail", name: "Acme Retail", organizationId: "org_acme" },
      { id: "prj_acme_tower", name: "Acme Tower", organizationId: "org_acme" },
    ]);
    expect(reply.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = reply.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^layer_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
    expect(reply.headers.get("cache-control")).toBe("no-store");
  });

  it("accepts the email in any case", async () => {
    expect((await new AccountClient(api.url).signIn("Ben@Example.com")).status).toBe(201);
  });

  it("tells the page who is signed in, with the same CSRF token", async () => {
    const ben = new AccountClient(api.url);
    await ben.signIn("ben@example.com");
    const reply = await ben.request("GET", "/v1/session");
    expect(reply.status).toBe(200);
    expect(reply.body.user.email).toBe("ben@example.com");
    expect(reply.body.csrfToken).toBe(ben.csrfToken);
    expect(new Date(reply.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("signs out: the cookie is cleared and the session no longer works", async () => {
    const chen = new AccountClient(api.url);
    await chen.signIn("chen@example.com");
    const out = await chen.request("DELETE", "/v1/session");
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^layer_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await chen.request("GET", "/v1/session");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("replaces the browser's previous session when it signs in again", async () => {
    const first = new AccountClient(api.url);
    await first.signIn("ben@example.com");
    const again = await call(`${api.url}/v1/session`, {
      method: "POST",
      headers: { Cookie: first.cookie! },
      json: { email: "ben@example.com", password: "layer-demo" },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get("set-cookie")!.split(";")[0]).not.toBe(first.cookie);
    expect((await first.request("GET", "/v1/session")).status).toBe(401);
  });

  it("keeps only a digest of the session id in the database", async () => {
    const ada = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
    const id = ada.cookie!.split("=")[1]!;
    const dump = JSON.stringify(await api.db.query("SELECT * FROM account_sessions"));
    expect(dump).not.toContain(id);
  });
});

describe("session cookie over HTTPS", () => {
  it("is Secure with the __Host- prefix when the request arrived over HTTPS", async () => {
    // Behind a TLS-terminating proxy: req.secure comes from X-Forwarded-Proto.
    const app = express();
    app.set("trust proxy", "loopback");
    app.get("/", (req, res) => {
      setSessionCookie(req, res, "x".repeat(43), new Date(Date.now() + 60_000));
      res.end();
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { "X-Forwarded-Proto": "https" } });
      const cookie = res.headers.get("set-cookie")!;
      expect(cookie).toMatch(/^__Host-layer_session=x{43};/);
      expect(cookie).toContain("Secure");
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Strict");
    } finally {
      server.close();
    }
  });
});
