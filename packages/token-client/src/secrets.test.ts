import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import type { RetryInfo } from "./core/config.js";
import type { LayerError } from "./errors/layer-error.js";
import { rotationAdvice } from "./guidance/rotation-advice.js";
import { createSyncClient } from "./sync-client.js";
import { FakeUrlFetchApp } from "./test-support/fake-url-fetch-app.js";
import { LEGACY_TOKEN, makeToken } from "./test-support/tokens.js";
import { parseToken } from "./token/parse-token.js";

const { token, secret } = makeToken(77);

/** Every way a secret could end up in a log line. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value),
    inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    JSON.stringify(value) ?? "",
    String(value),
    `${(value as Error)?.message ?? ""}`,
    `${(value as Error)?.stack ?? ""}`,
  ];
  if (typeof value === "object" && value !== null) out.push(JSON.stringify(Object.assign({}, value)));
  return out;
}

function expectNoSecret(value: unknown, secrets = [token, secret]) {
  for (const text of renderings(value)) for (const s of secrets) expect(text).not.toContain(s);
}

const echo = (status: number, code: string) => ({
  status,
  headers: { "X-Echo": token, "Retry-After": "1" },
  body: {
    error: {
      code,
      message: `Your key ${token} (secret ${secret}) was refused`,
      requestId: token,
      details: { reason: "invalid", provided: token, nested: [{ raw: secret }], name: token },
    },
  },
});

function thrownBy(f: () => unknown): LayerError {
  try {
    f();
  } catch (e) {
    return e as LayerError;
  }
  throw new Error("did not throw");
}

describe("no secret in any output", () => {
  it.each([
    [400, "VALIDATION_FAILED"],
    [401, "UNAUTHENTICATED"],
    [403, "FORBIDDEN_SCOPE"],
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
    [413, "PAYLOAD_TOO_LARGE"],
    [429, "RATE_LIMITED"],
    [503, "KILL_SWITCH"],
    [503, "SERVICE_UNAVAILABLE"],
    [500, "INTERNAL"],
  ])("an error from a %s %s that echoes the token everywhere", (status, code) => {
    const transport = new FakeUrlFetchApp([echo(status, code)]);
    const client = createSyncClient({
      baseUrl: "https://layer.test",
      token,
      transport,
      sleep: () => {},
      retry: { maxRetries: 0 },
    });
    const error = thrownBy(() => client.whoami());
    expect(error.code).toBe(code);
    expectNoSecret(error);
  });

  it("a transport exception that quotes the header value", () => {
    const transport = new FakeUrlFetchApp([new Error(`Headers.append: "${token}" is an invalid header value.`)]);
    const client = createSyncClient({
      baseUrl: "https://layer.test",
      token,
      transport,
      sleep: () => {},
      retry: { maxRetries: 0 },
    });
    const error = thrownBy(() => client.whoami());
    expect(error.name).toBe("ConnectionError");
    expectNoSecret(error);
  });

  it("a fetch rejection that quotes the token, and what the hooks are shown", async () => {
    const infos: RetryInfo[] = [];
    const client = createClient({
      baseUrl: "https://layer.test",
      token,
      fetch: async () => {
        throw new TypeError(`fetch failed for key ${token}`);
      },
      sleep: async () => {},
      onRetry: (info) => void infos.push(info),
      retry: { maxRetries: 1 },
    });
    const error = await client.whoami().catch((e: unknown) => e);
    expectNoSecret(error);
    expect(infos).toHaveLength(1);
    expectNoSecret(infos[0]);
  });

  it("the clients themselves, however they are inspected or serialised", () => {
    const a = createClient({ baseUrl: "https://layer.test", token });
    const s = createSyncClient({
      baseUrl: "https://layer.test",
      token,
      transport: new FakeUrlFetchApp([]),
      sleep: () => {},
    });
    expectNoSecret(a);
    expectNoSecret(s);
    expect(inspect(a)).toContain("lp_live_");
    const legacy = createClient({ baseUrl: "https://layer.test", token: LEGACY_TOKEN });
    expectNoSecret(legacy, [LEGACY_TOKEN, LEGACY_TOKEN.slice(14)]);
  });

  it("parse messages and rotation advice", () => {
    for (const input of [`"${token}"`, `Bearer ${token}`, token.slice(0, 60), `${token}${secret}`]) {
      const r = parseToken(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toContain(secret.slice(0, 10));
    }
    const advice = rotationAdvice({
      expiresAt: null,
      tokenName: `oops ${token}`,
      now: 0,
      tool: "Excel",
      documentName: token,
      accountUrl: "https://layer.test/account/api",
    });
    expectNoSecret(advice);
  });
});
