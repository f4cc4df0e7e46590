import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";

describe("the landing page and the API reference's files", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("GET / is a page that says what this is and links the account page, the reference and health, each of which answers", async () => {
    const r = await fetch(`${api.url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/html/);
    expect(r.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await r.text();
    expect(html).toContain("Layer token API");
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(expect.arrayContaining(["/account/api", "/docs", "/openapi.json", "/healthz", "/readyz"]));
    for (const link of links) expect((await fetch(`${api.url}${link}`)).status, link).toBe(200);
  });

  it("serves the reference page and Swagger UI's bundle from this server, under the same policy", async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    // Nothing from another origin: the page works offline and the policy would refuse it anyway.
    expect(sources.filter((s) => /^(https?:)?\/\//.test(s))).toEqual([]);
    for (const source of sources) {
      const r = await fetch(`${api.url}${source}`);
      expect(r.status, source).toBe(200);
    }
    const bundle = await fetch(`${api.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect(await bundle.text()).toContain("SwaggerUIBundle");
  });

  it("serves nothing else from the reference's folders: an unknown or escaping name is the API's 404", async () => {
    for (const path of [
      "/docs/assets/package.json",
      "/docs/assets/index.html",
      "/docs/assets/landing.html",
      "/docs/assets/..%2F..%2Fpackage.json",
      "/docs/assets/constructor",
      "/docs/assets/__proto__",
    ]) {
      const r = await fetch(`${api.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code, path).toBe("NOT_FOUND");
    }
  });

  it("answers HEAD and refuses other methods on / as on any unknown route", async () => {
    expect((await fetch(`${api.url}/`, { method: "HEAD" })).status).toBe(200);
    const post = await fetch(`${api.url}/`, { method: "POST" });
    expect(post.status).toBe(404);
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
