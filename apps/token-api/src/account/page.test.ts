import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

describe("the account page's files", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("serves /account/api as HTML with a strict content security policy", async () => {
    const page = await call(`${api.url}/account/api?create=1&name=Power%20BI&expires=90d`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.text).toContain('<script type="module" src="/account/assets/account.js">');
    // No CDN: every URL the page loads is on this server.
    expect(page.text).not.toMatch(/(src|href)="https?:/);
  });

  it("serves the script and the stylesheet, and nothing outside the static folder", async () => {
    const js = await call(`${api.url}/account/assets/account.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    const css = await call(`${api.url}/account/assets/account.css`);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    const outside = await call(`${api.url}/account/assets/..%2f..%2fpackage.json`);
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe("NOT_FOUND");
    expect((await call(`${api.url}/account/assets/nothing.js`)).status).toBe(404);
  });

  it("sends /account to the API tab", async () => {
    const reply = await fetch(`${api.url}/account`, { redirect: "manual" });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toBe("/account/api");
  });
});

describe("the account routes in /openapi.json", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("documents sign-in, the personal-token routes and the token holders, with the CSRF header on mutations", async () => {
    const doc = (await call(`${api.url}/openapi.json`)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/session",
        "/v1/tokens",
        "/v1/tokens/{keyId}",
        "/v1/organizations/{orgId}/token-holders",
        "/v1/whoami",
      ]),
    );
    const create = doc.paths["/v1/tokens"].post;
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain("X-CSRF-Token");
    expect(create.requestBody.content["application/json"].schema.properties.expiresIn.enum).toEqual([
      "30d",
      "90d",
      "1y",
      "never",
    ]);
    expect(create.responses["201"].content["application/json"].schema.required).toContain("token");
  });
});
