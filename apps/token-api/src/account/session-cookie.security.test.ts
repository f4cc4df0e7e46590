import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, trustProxyFromEnv } from "../config.js";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

const signIn = (api: TokenApi, headers: Record<string, string> = {}) =>
  call(`${api.url}/v1/session`, {
    method: "POST",
    headers,
    json: { email: "ada@example.com", password: "layer-demo" },
  });

describe("the session cookie behind a TLS terminator (TRUST_PROXY)", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10, config: { trustProxy: "loopback" } });
  });
  afterAll(() => api?.close());

  it("is __Host-layer_session, Secure, Path=/ and without Domain when the proxy says https", async () => {
    const reply = await signIn(api, { "X-Forwarded-Proto": "https" });
    expect(reply.status).toBe(201);
    const cookie = reply.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-layer_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).not.toMatch(/Domain=/i);
    const session = await call(`${api.url}/v1/session`, {
      headers: { Cookie: cookie.split(";")[0]!, "X-Forwarded-Proto": "https" },
    });
    expect(session.status).toBe(200);
  });

  it("stays a plain cookie over plain http", async () => {
    const cookie = (await signIn(api)).headers.get("set-cookie")!;
    expect(cookie).toMatch(/^layer_session=/);
    expect(cookie).not.toMatch(/Secure/);
  });
});

describe("without TRUST_PROXY (the local default)", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("ignores a forwarded protocol anyone could send, and signs in over http", async () => {
    const reply = await signIn(api, { "X-Forwarded-Proto": "https" });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("set-cookie")).toMatch(/^layer_session=/);
  });

  it("reads TRUST_PROXY as hops or addresses, off when unset, and refuses trusting everyone", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trustProxyFromEnv("1")).toBe(1);
    expect(trustProxyFromEnv("loopback, 10.0.0.0/8")).toBe("loopback, 10.0.0.0/8");
    expect(() => trustProxyFromEnv("true")).toThrow(/TRUST_PROXY/);
  });
});
