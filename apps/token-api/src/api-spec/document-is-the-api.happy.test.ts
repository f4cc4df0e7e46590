import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountClient } from "../testing/account-client.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { Conformance, type Sent } from "./conformance.test-kit.js";

const ALL_SCOPES = ["projects:read", "projects:write", "tokens:rotate-self"];
const TOO_LONG_ID = "p".repeat(129);
/** Over the 64 KiB body limit. */
const HUGE = JSON.stringify({ name: "x".repeat(70 * 1024) });
const FOREIGN = { Origin: "https://elsewhere.example" };

/**
 * Every documented operation, sent for real to a running API: each happy path and each refusal
 * the document lists. Every answer is validated against /openapi.json by openapi-backend (status,
 * headers, body), and the last test asks that every status and error code the document lists
 * was answered for real: the document promises nothing the API does not do.
 */
describe("the OpenAPI document is the API", () => {
  let api: TokenApi;
  let doc: Conformance;
  let send: Conformance["send"];
  let full: string;
  let noScopes: string;
  let limited: string;
  let killed: string;

  const grant = async (keyId: string, scopes: string[]) => {
    await api.db.query("UPDATE api_tokens SET scopes = $2::jsonb WHERE key_id = $1", [keyId, JSON.stringify(scopes)]);
    await api.services.invalidation.publish({ kind: "token", keyId });
  };
  const token = async (name: string, scopes = ALL_SCOPES) => {
    const created = await api.operator.createToken({ email: "ada@example.com", name });
    await grant(created.keyId, scopes);
    return created;
  };
  /** The database refuses connections while `during` runs (as when PostgreSQL is down). */
  const databaseDown = async (during: () => Promise<void>) => {
    const { query, transaction } = api.db;
    const refused = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    api.db.query = refused;
    api.db.transaction = refused;
    try {
      await during();
    } finally {
      api.db.query = query;
      api.db.transaction = transaction;
    }
  };

  beforeAll(async () => {
    api = await startTokenApi({
      ordersRows: 30,
      // The pilot tier gets one request per class and window: its second is refused.
      rateLimits: { pilot: { "read-light": 1, "long-running": 1, "write-light": 1 } },
    });
    doc = await Conformance.of(api.url);
    send = doc.send.bind(doc);
    full = (await token("Conformance")).token;
    noScopes = (await token("No scopes", [])).token;
    const pilot = await token("Pilot");
    await api.operator.setTier(pilot.keyId, "pilot");
    limited = pilot.token;
    const off = await token("Switched off");
    await api.operator.killKey(off.keyId);
    killed = off.token;
  });
  afterAll(() => api?.close());

  const TOKEN_READS = [
    "/v1/whoami",
    "/v1/projects",
    "/v1/projects/prj_acme_tower",
    "/v1/projects/prj_acme_tower/tables",
    "/v1/projects/prj_acme_tower/tables/tbl_orders",
    "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=5",
  ];
  const SCOPED_READS = TOKEN_READS.slice(1);

  it("serves the service routes", async () => {
    expect((await send("GET", "/healthz")).status).toBe(200);
    expect((await send("GET", "/readyz")).body).toEqual({ status: "ready", engine: "pglite" });
    expect((await send("GET", "/openapi.json")).status).toBe(200);
    await databaseDown(async () => {
      expect((await send("GET", "/readyz")).status).toBe(503);
    });
  });

  it("answers the token routes' happy paths", async () => {
    for (const path of TOKEN_READS) expect((await send("GET", path, { token: full })).status, path).toBe(200);
    const filtered = await send(
      "GET",
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?filter=amount%20ge%200&sort=amount%20desc&count=true&limit=2",
      { token: full },
    );
    expect(filtered.body.count).toBeGreaterThan(0);
    const rotated = await send("POST", "/v1/tokens/self/rotate", { token: (await token("Rotating")).token, json: {} });
    expect(rotated.status).toBe(201);
  });

  it("refuses a missing token, a missing scope, a switched-off key and a spent rate limit on every token route", async () => {
    const rotate: [string, string, Sent] = ["POST", "/v1/tokens/self/rotate", { json: { graceSeconds: 60 } }];
    const reads = TOKEN_READS.map((path): [string, string, Sent] => ["GET", path, {}]);
    for (const [method, path, sent] of [...reads, rotate]) {
      expect((await send(method, path, sent)).status, path).toBe(401);
      expect((await send(method, path, { ...sent, token: killed })).body.error.code, path).toBe("KILL_SWITCH");
    }
    for (const [method, path, sent] of [...SCOPED_READS.map((p): [string, string, Sent] => ["GET", p, {}]), rotate]) {
      expect((await send(method, path, { ...sent, token: noScopes })).body.error.code, path).toBe("FORBIDDEN_SCOPE");
    }
    // The first request of each class passes; every later one in the window is refused.
    expect((await send("GET", "/v1/whoami", { token: limited })).status).toBe(200);
    for (const path of TOKEN_READS.slice(0, 5)) {
      expect((await send("GET", path, { token: limited })).status, path).toBe(429);
    }
    const rows = TOKEN_READS[5]!;
    expect((await send("GET", rows, { token: limited })).status).toBe(200);
    expect((await send("GET", rows, { token: limited })).status).toBe(429);
    expect((await send("POST", "/v1/tokens/self/rotate", { token: limited, json: { graceSeconds: 60 } })).status).toBe(
      201,
    );
    expect((await send("POST", "/v1/tokens/self/rotate", { token: limited, json: { graceSeconds: 60 } })).status).toBe(
      429,
    );
  });

  it("narrows to the organization header, and refuses a blank one or one out of reach", async () => {
    const org = (id: string) => ({ token: full, headers: { "Layer-Organization": id } });
    for (const path of TOKEN_READS) {
      expect((await send("GET", path, org("org_acme"))).status, path).toBe(200);
      expect((await send("GET", path, org(" "))).status, path).toBe(400);
      expect((await send("GET", path, org("org_borealis"))).body.error.details, path).toEqual({
        organization: "org_borealis",
      });
    }
  });

  it("refuses bad parameters and unknown projects and tables", async () => {
    for (const path of [
      `/v1/projects/${TOO_LONG_ID}`,
      `/v1/projects/${TOO_LONG_ID}/tables`,
      `/v1/projects/prj_acme_tower/tables/${TOO_LONG_ID}`,
      `/v1/projects/prj_acme_tower/tables/${TOO_LONG_ID}/rows`,
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=0",
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?filter=amount%20%3E%3E%201",
    ]) {
      expect((await send("GET", path, { token: full })).status, path).toBe(400);
    }
    for (const path of [
      "/v1/projects/prj_nowhere",
      "/v1/projects/prj_nowhere/tables",
      "/v1/projects/prj_acme_tower/tables/tbl_nowhere",
      "/v1/projects/prj_acme_tower/tables/tbl_nowhere/rows",
    ]) {
      expect((await send("GET", path, { token: full })).status, path).toBe(404);
    }
  });

  it("refuses a second self-rotation, bad bodies and a body over the limit", async () => {
    const { token: old } = await token("Rotated twice");
    expect((await send("POST", "/v1/tokens/self/rotate", { token: old, json: { graceSeconds: 3600 } })).status).toBe(
      201,
    );
    const again = await send("POST", "/v1/tokens/self/rotate", { token: old, json: { graceSeconds: 3600 } });
    expect(again.body.error.code).toBe("CONFLICT");
    const json = { "Content-Type": "application/json" };
    expect((await send("POST", "/v1/tokens/self/rotate", { token: full, headers: json, body: "{" })).status).toBe(400);
    expect((await send("POST", "/v1/tokens/self/rotate", { token: full, json: { graceSeconds: -1 } })).status).toBe(
      400,
    );
    expect((await send("POST", "/v1/tokens/self/rotate", { token: full, headers: json, body: HUGE })).status).toBe(413);
  });

  it("answers 503 on every route that needs the database while it is down", async () => {
    const fresh = (await token("Never verified")).token;
    const account = new AccountClient(api.url);
    await account.signIn("ada@example.com");
    const session = { Cookie: account.cookie!, "X-CSRF-Token": account.csrfToken! };
    await databaseDown(async () => {
      for (const path of TOKEN_READS) expect((await send("GET", path, { token: fresh })).status, path).toBe(503);
      expect((await send("POST", "/v1/tokens/self/rotate", { token: full, json: {} })).status).toBe(503);
      expect((await send("POST", "/v1/session", { json: { email: "ada@example.com", password: "x" } })).status).toBe(
        503,
      );
      for (const [method, path, json] of [
        ["GET", "/v1/session", undefined],
        ["DELETE", "/v1/session", undefined],
        ["GET", "/v1/tokens", undefined],
        ["POST", "/v1/tokens", { name: "Down", expiresIn: "30d" }],
        ["PATCH", "/v1/tokens/0123456789ABCDEF", { name: "Down" }],
        ["POST", "/v1/tokens/0123456789ABCDEF/regenerate", {}],
        ["DELETE", "/v1/tokens/0123456789ABCDEF", undefined],
        ["GET", "/v1/organizations/org_acme/token-holders", undefined],
      ] as const) {
        expect((await send(method, path, { headers: session, json })).status, `${method} ${path}`).toBe(503);
      }
    });
  });

  it("signs in and out, and refuses wrong, foreign, malformed, oversized and repeated sign-ins", async () => {
    const account = new AccountClient(api.url);
    const signIn = (json: unknown, headers?: Record<string, string>) =>
      send("POST", "/v1/session", { json, ...(headers ? { headers } : {}) });
    const signedIn = await signIn({ email: "ada@example.com", password: "layer-demo" });
    expect(signedIn.status).toBe(201);
    account.cookie = signedIn.headers.get("set-cookie")!.split(";")[0];
    account.csrfToken = signedIn.body.csrfToken;
    const cookie = { Cookie: account.cookie! };
    const csrf = { ...cookie, "X-CSRF-Token": account.csrfToken! };
    expect((await send("GET", "/v1/session", { headers: cookie })).status).toBe(200);
    expect((await signIn({ email: "", password: "" })).status).toBe(400);
    expect((await signIn({ email: "ada@example.com", password: "wrong" })).status).toBe(401);
    expect((await signIn({ email: "ada@example.com", password: "layer-demo" }, FOREIGN)).status).toBe(403);
    expect(
      (await send("POST", "/v1/session", { headers: { "Content-Type": "application/json" }, body: HUGE })).status,
    ).toBe(413);
    // Ten failures for one email, then the throttle answers before the password is even checked.
    for (let i = 0; i < 10; i++) await signIn({ email: "ben@example.com", password: `wrong ${i}` });
    expect((await signIn({ email: "ben@example.com", password: "layer-demo" })).status).toBe(429);

    expect((await send("GET", "/v1/session")).status).toBe(401);
    const json = { "Content-Type": "application/json" };
    expect((await send("DELETE", "/v1/session", { headers: { ...csrf, ...json }, body: "{" })).status).toBe(400);
    expect((await send("DELETE", "/v1/session", { headers: { ...csrf, ...json }, body: HUGE })).status).toBe(413);
    expect((await send("DELETE", "/v1/session")).status).toBe(401);
    expect((await send("DELETE", "/v1/session", { headers: cookie })).status).toBe(403);
    expect((await send("DELETE", "/v1/session", { headers: csrf })).status).toBe(204);
  });

  it("manages personal tokens and refuses what the account page must not do", async () => {
    const account = new AccountClient(api.url);
    await account.signIn("ada@example.com");
    const cookie = { Cookie: account.cookie! };
    const csrf = { ...cookie, "X-CSRF-Token": account.csrfToken! };
    const json = { "Content-Type": "application/json" };

    const created = await send("POST", "/v1/tokens", { headers: csrf, json: { name: "Reference", expiresIn: "30d" } });
    expect(created.status).toBe(201);
    const keyId = created.body.keyId as string;
    // More than 366 days ahead.
    const tooFar = await send("POST", "/v1/tokens", {
      headers: csrf,
      json: { name: "Read one", expiresAt: "2099-01-01T00:00:00Z", access: "read", projectIds: ["prj_acme_tower"] },
    });
    expect(tooFar.status).toBe(400);
    const readOne = await send("POST", "/v1/tokens", {
      headers: csrf,
      json: { name: "Read one", expiresIn: "90d", access: "read", projectIds: ["prj_acme_tower"] },
    });
    expect(readOne.body).toMatchObject({ access: "read", scopes: ["projects:read"], projectIds: ["prj_acme_tower"] });
    expect((await send("GET", "/v1/tokens?history=true", { headers: cookie })).status).toBe(200);

    // Regenerated with no overlap: the old secret is refused at once, naming its successor.
    const regenerate = (id: string, json: unknown) =>
      send("POST", `/v1/tokens/${id}/regenerate`, { headers: csrf, json });
    const regenerated = await regenerate(readOne.body.keyId, { overlap: "none" });
    expect(regenerated.status).toBe(201);
    const old = await send("GET", "/v1/whoami", { token: readOne.body.token });
    expect(old.body.error.details).toMatchObject({ reason: "rotated", successor: { name: "Read one" } });
    expect((await regenerate(readOne.body.keyId, {})).status).toBe(409);
    expect((await regenerate(regenerated.body.token.keyId, { overlap: "2h" })).status).toBe(400);
    expect((await regenerate("0123456789ABCDEF", {})).status).toBe(404);
    expect((await send("GET", "/v1/tokens?includeRevoked=true", { headers: cookie })).status).toBe(200);
    expect((await send("PATCH", `/v1/tokens/${keyId}`, { headers: csrf, json: { name: "Renamed" } })).status).toBe(200);
    expect((await send("GET", "/v1/organizations/org_acme/token-holders", { headers: cookie })).status).toBe(200);

    expect((await send("GET", `/v1/tokens?name=${"n".repeat(101)}`, { headers: cookie })).status).toBe(400);
    expect((await send("POST", "/v1/tokens", { headers: csrf, json: { name: "" } })).status).toBe(400);
    expect((await send("PATCH", "/v1/tokens/not-a-key", { headers: csrf, json: { name: "x" } })).status).toBe(400);
    expect((await send("DELETE", "/v1/tokens/not-a-key", { headers: csrf })).status).toBe(400);
    expect((await send("GET", `/v1/organizations/${"o".repeat(101)}/token-holders`, { headers: cookie })).status).toBe(
      400,
    );

    for (const [method, path, body] of [
      ["GET", "/v1/tokens", undefined],
      ["POST", "/v1/tokens", { name: "No session", expiresIn: "30d" }],
      ["PATCH", `/v1/tokens/${keyId}`, { name: "No session" }],
      ["POST", `/v1/tokens/${keyId}/regenerate`, {}],
      ["DELETE", `/v1/tokens/${keyId}`, undefined],
      ["GET", "/v1/organizations/org_acme/token-holders", undefined],
    ] as const) {
      expect((await send(method, path, { json: body })).status, `${method} ${path}`).toBe(401);
    }
    for (const [method, path, body] of [
      ["POST", "/v1/tokens", { name: "No CSRF", expiresIn: "30d" }],
      ["PATCH", `/v1/tokens/${keyId}`, { name: "No CSRF" }],
      ["POST", `/v1/tokens/${keyId}/regenerate`, {}],
      ["DELETE", `/v1/tokens/${keyId}`, undefined],
    ] as const) {
      expect((await send(method, path, { headers: cookie, json: body })).status, `${method} ${path}`).toBe(403);
      expect((await send(method, path, { headers: { ...csrf, ...FOREIGN }, json: body })).status).toBe(403);
      expect((await send(method, path, { headers: { ...csrf, ...json }, body: HUGE })).status).toBe(413);
    }
    const nowhere = "/v1/tokens/0123456789ABCDEF";
    expect((await send("PATCH", nowhere, { headers: csrf, json: { name: "x" } })).status).toBe(404);
    expect((await send("DELETE", nowhere, { headers: csrf })).status).toBe(404);
    expect((await send("GET", "/v1/organizations/org_borealis/token-holders", { headers: cookie })).status).toBe(404);
    expect((await send("DELETE", `/v1/tokens/${keyId}`, { headers: csrf })).status).toBe(204);
  });

  it("answered every status and error code the document lists, for every operation", () => {
    const missing: string[] = [];
    for (const [operationId, answers] of doc.documentedAnswers()) {
      const seen = doc.seen.get(operationId) ?? new Set<string>();
      for (const answer of answers) if (!seen.has(answer)) missing.push(`${operationId} ${answer}`);
    }
    expect(missing).toEqual([]);
  });
});
