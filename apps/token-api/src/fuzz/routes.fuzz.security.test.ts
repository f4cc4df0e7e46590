import { ErrorEnvelope } from "@layer/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountClient } from "../testing/account-client.js";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import type { TokenApi } from "../testing/index.js";
import { rawRequest } from "./raw-http.js";
import {
  anyField,
  type Credentials,
  type FuzzRequest,
  headerFields,
  jsonBody,
  stringField,
  toBytes,
  urlText,
} from "./request-arbitraries.js";

/**
 * Every route, as a stranger and a careless client would call it: hostile path ids, queries,
 * header fields and bodies, with and without valid credentials. Whatever the case, the answer is
 * never a 500 (nor any 5xx: nothing here is down), and every error is the contract's envelope with
 * the request id of its X-Request-Id field. Seeded, a few hundred cases per route family.
 */
const RUNS = Number(process.env["FUZZ_RUNS"] ?? 200);
const SEED = 20261201;
const METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"];

type Family = (c: Credentials) => fc.Arbitrary<Omit<FuzzRequest, "headers">>;

const id = () => fc.oneof(fc.constantFrom("prj_acme_tower", "tbl_orders", "org_acme", "prj_borealis_grid"), urlText());
const query = (keys: Record<string, fc.Arbitrary<string>>) =>
  fc
    .record({ ...keys, other: urlText() }, { requiredKeys: [] })
    .map((q) => Object.entries(q).map(([k, v]) => `${k}=${v}`))
    .chain((pairs) =>
      fc.oneof(
        fc.constant(pairs.join("&")),
        urlText().map((junk) => [...pairs, junk].join("&")),
      ),
    );
const method = (...usual: string[]) => fc.oneof(fc.constantFrom(...usual), fc.constantFrom(...METHODS));
const body = (fields: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.option(jsonBody(fields), { nil: undefined, freq: 2 });
const withQuery = (path: string, q: string) => (q ? `${path}?${q}` : path);

const FAMILIES: Record<string, Family> = {
  "health and documents": () =>
    fc.record({
      method: method("GET"),
      target: fc
        .tuple(fc.constantFrom("/healthz", "/readyz", "/openapi.json", "/account/api", "/account"), query({}))
        .map(([p, q]) => withQuery(p, q)),
      body: body(),
    }),
  whoami: () =>
    fc.record({
      method: method("GET"),
      target: query({}).map((q) => withQuery("/v1/whoami", q)),
      body: body(),
    }),
  "projects and tables": () =>
    fc.record({
      method: method("GET"),
      target: fc
        .tuple(fc.integer({ min: 0, max: 3 }), id(), id(), query({ limit: urlText() }))
        .map(([depth, p, t, q]) =>
          withQuery(
            ["/v1/projects", `/v1/projects/${p}`, `/v1/projects/${p}/tables`, `/v1/projects/${p}/tables/${t}`][depth]!,
            q,
          ),
        ),
      body: body(),
    }),
  rows: () =>
    fc.record({
      method: method("GET"),
      target: fc
        .tuple(id(), id(), query({ limit: urlText(), cursor: urlText(), fields: urlText() }))
        .map(([p, t, q]) => withQuery(`/v1/projects/${p}/tables/${t}/rows`, q)),
      body: body(),
    }),
  "self-rotation": () =>
    fc.record({
      method: method("POST"),
      target: query({}).map((q) => withQuery("/v1/tokens/self/rotate", q)),
      body: body({ graceSeconds: anyField(), name: stringField() }),
    }),
  session: () =>
    fc.record({
      method: method("POST", "GET", "DELETE"),
      target: query({}).map((q) => withQuery("/v1/session", q)),
      body: body({ email: stringField(), password: stringField() }),
    }),
  "personal tokens": (c) =>
    fc.record({
      method: method("GET", "POST", "PATCH", "DELETE"),
      target: fc
        .tuple(
          fc.boolean(),
          fc.oneof(fc.constant(c.keyId), urlText()),
          query({ name: urlText(), includeRevoked: urlText() }),
        )
        .map(([one, k, q]) => withQuery(one ? `/v1/tokens/${k}` : "/v1/tokens", q)),
      body: body({ name: stringField(), expiresIn: stringField(), env: stringField() }),
    }),
  "token holders": () =>
    fc.record({
      method: method("GET"),
      target: fc.tuple(id(), query({})).map(([o, q]) => withQuery(`/v1/organizations/${o}/token-holders`, q)),
      body: body(),
    }),
  "unknown routes": () =>
    fc.record({
      method: method("GET", "POST"),
      target: fc
        .array(urlText(), { minLength: 0, maxLength: 4 })
        .chain((segments) =>
          fc.constantFrom(`/${segments.join("/")}`, `/v1/${segments.join("/")}`, `//${segments.join("//")}`),
        ),
      body: body(),
    }),
};

describe.each(ENGINES)("fuzzing every route on %s", (engine) => {
  let api: TokenApi;
  let creds: Credentials;
  beforeAll(async () => {
    api = await startApiOn(engine, {
      ordersRows: 200,
      // Deep enough to reach the handlers: the limits themselves have tests of their own.
      rateLimits: { standard: { "read-light": 100_000, "write-light": 100_000, "long-running": 100_000 } },
      config: { authFailureLimits: { perKeyId: 100_000, perAddress: 100_000 } },
    });
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Fuzz" });
    const account = new AccountClient(api.url);
    await account.signIn("ada@example.com");
    creds = { token, keyId, cookie: account.cookie!, csrf: account.csrfToken!, origin: new URL(api.url).origin };
  });
  afterAll(() => api?.close());

  it.each(Object.keys(FAMILIES))("answers %s without a 5xx, every error in the envelope", async (family) => {
    const port = Number(new URL(api.url).port);
    const cases = fc.tuple(FAMILIES[family]!(creds), headerFields(creds)).map(([r, headers]): FuzzRequest => {
      const typed = headers.some(([n]) => n.toLowerCase() === "content-type");
      return { ...r, headers: r.body && !typed ? [...headers, ["Content-Type", "application/json"]] : headers };
    });
    await fc.assert(
      fc.asyncProperty(cases, async (request) => {
        const reply = await rawRequest(port, toBytes(request));
        const shown = () => `${request.method} ${request.target} -> ${reply.status} ${reply.body.slice(0, 300)}`;
        expect(reply.status, shown()).toBeLessThan(500);
        if (reply.status >= 400 && request.method !== "HEAD") {
          const parsed = ErrorEnvelope.safeParse(JSON.parse(reply.body));
          expect(parsed.success, shown()).toBe(true);
          expect(parsed.data?.error.requestId, shown()).toBe(reply.headers["x-request-id"]);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
