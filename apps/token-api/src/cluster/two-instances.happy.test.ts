import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import {
  dropSchema,
  eventually,
  startInstance,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
  type Instance,
} from "../testing/local-instances.js";

// More than one process: two API instances, one PostgreSQL schema, one Redis prefix.
const schema = uniqueSchema();
const keyPrefix = uniqueRedisPrefix();
let a: Instance;
let b: Instance;

beforeAll(async () => {
  const rateLimits = { standard: { "read-light": 40, "write-light": 5, "long-running": 5 } };
  a = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL, rateLimits, seed: true });
  b = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL, rateLimits });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropSchema(schema);
});

const whoami = (i: Instance, token: string) => call(`${i.url}/v1/whoami`, { token });

describe("two instances sharing PostgreSQL and Redis", () => {
  it("refuses a token revoked through A on the very next request to B, every time", async () => {
    for (let round = 0; round < 5; round++) {
      const { token, keyId } = await a.createToken("ada@example.com", `Revoke race ${round}`);
      expect((await whoami(b, token)).status).toBe(200); // now cached on B
      expect((await whoami(a, token)).status).toBe(200);
      await a.run({ command: "tokens.revoke", keyId });
      const next = await whoami(b, token);
      expect(next.status).toBe(401);
      expect(next.body.error.details).toMatchObject({ reason: "revoked", keyId });
    }
  });

  it("shows a rename through A on the next request to B", async () => {
    const { token, keyId } = await a.createToken("ada@example.com", "Before rename");
    expect((await whoami(b, token)).body.token.name).toBe("Before rename");
    await a.services.tokens.rename({ keyId, name: "After rename", actor: "operator" });
    expect((await whoami(b, token)).body.token.name).toBe("After rename");
  });

  it("kills a key through A: B answers 503 KILL_SWITCH; restored, both answer 200", async () => {
    const { token, keyId } = await a.createToken("ada@example.com", "Kill me");
    expect((await whoami(b, token)).status).toBe(200);
    await a.run({ command: "keys.kill", keyId });
    const killed = await eventually(
      () => whoami(b, token),
      (r) => r.status === 503,
      5_000,
    );
    expect(killed.body.error).toMatchObject({ code: "KILL_SWITCH", details: { scope: "key", keyId } });
    expect((await call(`${b.url}/v1/projects`, { token })).status).toBe(503);
    await a.run({ command: "keys.restore", keyId });
    await eventually(
      () => whoami(b, token),
      (r) => r.status === 200,
      5_000,
    );
    expect((await whoami(a, token)).status).toBe(200);
    const audit = await b.services.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE key_id = $1 ORDER BY id",
      [keyId],
    );
    expect(audit.map((r) => r.action)).toEqual(["token.created", "token.killed", "token.restored"]);
  });

  it("switches an organization and the whole API off through A; B follows within seconds, and back", async () => {
    const { token } = await a.createToken("chen@example.com", "Borealis feed");
    expect((await whoami(b, token)).status).toBe(200);
    await a.run({ command: "orgs.revoke-api-access", organizationId: "org_borealis" });
    const orgOff = await eventually(
      () => whoami(b, token),
      (r) => r.status === 503,
      5_000,
    );
    expect(orgOff.body.error.details).toMatchObject({ scope: "organization" });
    await a.run({ command: "orgs.restore-api-access", organizationId: "org_borealis" });
    await eventually(
      () => whoami(b, token),
      (r) => r.status === 200,
      5_000,
    );

    await a.run({ command: "kill-switch", on: true });
    const globalOff = await eventually(
      () => whoami(b, token),
      (r) => r.status === 503,
      5_000,
    );
    expect(globalOff.body.error.details).toMatchObject({ scope: "global" });
    await a.run({ command: "kill-switch", on: false });
    await eventually(
      () => whoami(b, token),
      (r) => r.status === 200,
      5_000,
    );
    expect((await whoami(a, token)).status).toBe(200);
    const audit = await a.services.db.query<{ action: string }>("SELECT action FROM audit_log ORDER BY id");
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        "organization.api_access_revoked",
        "organization.api_access_restored",
        "global_kill_switch.on",
        "global_kill_switch.off",
      ]),
    );
  });

  it("never restores a revoked key", async () => {
    const { token, keyId } = await a.createToken("ada@example.com", "Gone for good");
    await a.run({ command: "tokens.revoke", keyId });
    await a.run({ command: "keys.restore", keyId });
    expect((await whoami(b, token)).status).toBe(401);
    expect((await whoami(a, token)).status).toBe(401);
  });

  it("keeps requests spread over both instances within one bucket's limit", async () => {
    const { token } = await a.createToken("ada@example.com", "Shared bucket");
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => whoami(i % 2 ? a : b, token)));
    const ok = replies.filter((r) => r.status === 200);
    expect(ok).toHaveLength(40);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(60);
    expect(limited[0]!.body.error).toMatchObject({ code: "RATE_LIMITED", details: { endpointClass: "read-light" } });
  });

  it("answers 404 on B for a project whose member was removed through A", async () => {
    const { token } = await a.createToken("ben@example.com", "Ben's feed");
    expect((await call(`${b.url}/v1/projects/prj_acme_tower`, { token })).status).toBe(200);
    await a.run({ command: "members.remove", projectId: "prj_acme_tower", email: "ben@example.com" });
    const next = await call(`${b.url}/v1/projects/prj_acme_tower`, { token });
    expect(next.status).toBe(404);
    expect(next.body.error.code).toBe("NOT_FOUND");
  });

  it("lets in-flight requests of a revoked token complete and refuses new ones", async () => {
    const { token, keyId } = await a.createToken("ada@example.com", "In flight");
    const inFlight = [call(`${a.url}/v1/test/hold`, { token }), call(`${b.url}/v1/test/hold`, { token })];
    await eventually(
      async () => a.held + b.held,
      (n) => n >= 2,
    );
    await a.run({ command: "tokens.revoke", keyId });
    expect((await whoami(b, token)).status).toBe(401);
    expect((await whoami(a, token)).status).toBe(401);
    a.releaseHeld();
    b.releaseHeld();
    const finished = await Promise.all(inFlight);
    expect(finished.map((r) => r.status)).toEqual([200, 200]);
  });
});
