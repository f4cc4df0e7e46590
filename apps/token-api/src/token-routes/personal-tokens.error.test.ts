import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { AccountClient } from "../testing/account-client.js";
import type { Reply } from "../testing/http.js";

/** Bad input gets a 4xx in the contract's envelope, never a 500. */
describe("personal tokens: bad input", () => {
  let api: TokenApi;
  let ben: AccountClient;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    ben = new AccountClient(api.url);
    await ben.signIn("ben@example.com");
  });
  afterAll(() => api?.close());

  const expectValidation = (reply: Reply, path?: string) => {
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe("VALIDATION_FAILED");
    expect(reply.body.error.requestId).toMatch(/^req_/);
    if (path) expect(reply.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  };

  it("refuses malformed JSON", async () => {
    expectValidation(
      await ben.request("POST", "/v1/tokens", {
        body: '{"name": "x",',
        headers: { "Content-Type": "application/json" },
      }),
    );
  });

  it("refuses a body that is not JSON", async () => {
    expectValidation(
      await ben.request("POST", "/v1/tokens", {
        body: "name=x&expiresIn=90d",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
  });

  it("refuses unknown fields", async () => {
    expectValidation(
      await ben.request("POST", "/v1/tokens", { json: { name: "x", expiresIn: "90d", scopes: ["projects:write"] } }),
    );
    expectValidation(
      await ben.request("POST", "/v1/tokens", { json: { name: "x", expiresIn: "90d", userId: "usr_ada" } }),
    );
  });

  it("refuses empty, 10,000-character and control-character names", async () => {
    expectValidation(await ben.createToken(""), "body.name");
    expectValidation(await ben.createToken("   "), "body.name");
    expectValidation(await ben.createToken("x".repeat(10_000)), "body.name");
    expectValidation(await ben.createToken("Power\u0000BI"), "body.name");
    expectValidation(await ben.createToken("line\nbreak"), "body.name");
    expectValidation(await ben.request("POST", "/v1/tokens", { json: { name: 42, expiresIn: "90d" } }), "body.name");
  });

  it("refuses expirations and envs the product does not offer", async () => {
    expectValidation(await ben.createToken("x", "7d"), "body.expiresIn");
    expectValidation(await ben.request("POST", "/v1/tokens", { json: { name: "x" } }), "body.expiresIn");
    expectValidation(await ben.createToken("x", "90d", "prod"), "body.env");
  });

  it("refuses bad renames and leaves the name as it was", async () => {
    const created = await ben.createToken("Keeps its name");
    const { keyId } = created.body;
    expectValidation(
      await ben.request("PATCH", `/v1/tokens/${keyId}`, { json: { name: "x".repeat(10_000) } }),
      "body.name",
    );
    expectValidation(await ben.request("PATCH", `/v1/tokens/${keyId}`, { json: { name: "a\u001bb" } }), "body.name");
    expectValidation(await ben.request("PATCH", `/v1/tokens/${keyId}`, { json: { name: "ok", env: "test" } }));
    expectValidation(await ben.request("PATCH", `/v1/tokens/${keyId}`, { json: {} }), "body.name");
    const list = await ben.request("GET", "/v1/tokens");
    expect(list.body.tokens.find((t: { keyId: string }) => t.keyId === keyId).name).toBe("Keeps its name");
  });

  it("answers 404 for a token that does not exist and 400 for a key id that cannot be one", async () => {
    const missing = await ben.request("PATCH", "/v1/tokens/0123456789ABCDEF", { json: { name: "x" } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
    expect((await ben.request("DELETE", "/v1/tokens/0123456789ABCDEF")).status).toBe(404);
    expectValidation(await ben.request("DELETE", "/v1/tokens/not-a-key-id"), "params.keyId");
  });

  it("refuses bad list queries", async () => {
    expectValidation(await ben.request("GET", `/v1/tokens?name=${"x".repeat(101)}`), "query.name");
    expectValidation(await ben.request("GET", "/v1/tokens?owner=usr_ada"));
    expectValidation(await ben.request("GET", "/v1/tokens?name=a&name=b"), "query.name");
  });

  it("refuses a body over the limit with 413", async () => {
    const reply = await ben.request("POST", "/v1/tokens", { json: { name: "x".repeat(200_000), expiresIn: "90d" } });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses malformed sign-ins", async () => {
    const anon = new AccountClient(api.url);
    const post = (body: string, type = "application/json") =>
      anon.request("POST", "/v1/session", { body, headers: { "Content-Type": type } });
    expectValidation(await post("{"));
    expectValidation(await post(JSON.stringify({ email: "ben@example.com" })), "body.password");
    expectValidation(await post(JSON.stringify({ email: "ben@example.com", password: "layer-demo", remember: true })));
    expectValidation(
      await post(JSON.stringify({ email: "ben@example.com", password: "x".repeat(10_000) })),
      "body.password",
    );
    expectValidation(await post("email=ben@example.com&password=layer-demo", "application/x-www-form-urlencoded"));
  });
});
