import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dropSchema,
  startInstance,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
  type Instance,
} from "../testing/local-instances.js";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call, type Reply } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";
import { holdBcrypt } from "../testing/held-bcrypt.js";

/**
 * A change answered while a token's first verification is in flight: every request sent after
 * the answer, including one that would join the running bcrypt, must see the change.
 */
describe.each(ENGINES)("changes during a first verification, one process on %s", (engine) => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 50 });
  });
  afterAll(() => api?.close());

  const whoami = (token: string) => call(`${api.url}/v1/whoami`, { token });

  /** Starts a first verification, holds it at bcrypt, applies `change`, then asks again. */
  async function raceChange(token: string, change: () => Promise<void>): Promise<{ during: Reply; after: Reply }> {
    const held = holdBcrypt(api.services.gate);
    try {
      const during = whoami(token);
      await held.reached;
      await change();
      const after = whoami(token);
      // The second request has reached the server and is waiting on the same proof.
      await new Promise((resolve) => setTimeout(resolve, 50));
      held.release();
      return { during: await during, after: await after };
    } finally {
      held.restore();
    }
  }

  it("refuses every request answered after a revoke, though the proof began before it", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Race revoke" });
    const { during, after } = await raceChange(token, () => api.operator.revokeToken(keyId));
    expect(after.status).toBe(401);
    expect(after.body.error.details).toMatchObject({ reason: "revoked", keyId });
    expect(during.status).toBe(401);
    expect((await whoami(token)).status).toBe(401);
  });

  it("answers with the new name after a rename, then refuses after a revoke", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Race rename" });
    const renamed = await raceChange(token, async () => {
      await api.services.tokens.rename({ keyId, name: "Renamed in flight", actor: "operator" });
    });
    expect(renamed.after.body.token.name).toBe("Renamed in flight");
    expect(renamed.during.body.token.name).toBe("Renamed in flight");
    const other = await api.operator.createToken({ email: "ada@example.com", name: "Race rename 2" });
    const revoked = await raceChange(other.token, async () => {
      await api.services.tokens.rename({ keyId: other.keyId, name: "Renamed again", actor: "operator" });
      await api.operator.revokeToken(other.keyId);
    });
    expect(revoked.after.status).toBe(401);
  });

  it("applies a key's kill switch and a rotation's new expiry to a verification in flight", async () => {
    const killed = await api.operator.createToken({ email: "ada@example.com", name: "Race kill" });
    const k = await raceChange(killed.token, () => api.operator.killKey(killed.keyId));
    expect(k.after.status).toBe(503);
    expect(k.after.body.error.code).toBe("KILL_SWITCH");

    const rotated = await api.operator.createToken({ email: "ada@example.com", name: "Race rotate" });
    const r = await raceChange(rotated.token, async () => {
      await api.services.tokens.replace({ keyId: rotated.keyId, overlapSeconds: 0, actor: "operator" });
    });
    expect(r.after.status).toBe(401);
    expect(r.after.body.error.details).toMatchObject({ reason: "rotated" });
  });
});

describe("a revoke through one instance while another verifies the token for the first time", () => {
  const schema = uniqueSchema();
  const keyPrefix = uniqueRedisPrefix();
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    a = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL, seed: true });
    b = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(schema);
  });

  const whoami = (i: Instance, token: string) => call(`${i.url}/v1/whoami`, { token });

  it("refuses on B every request sent after A answered the revoke", async () => {
    const { token, keyId } = await a.createToken("ada@example.com", "Cross-instance race");
    const held = holdBcrypt(b.services.gate);
    try {
      const during = whoami(b, token);
      await held.reached;
      await a.run({ command: "tokens.revoke", keyId });
      const after = whoami(b, token);
      await new Promise((resolve) => setTimeout(resolve, 50));
      held.release();
      expect((await after).status).toBe(401);
      expect((await during).status).toBe(401);
    } finally {
      held.restore();
    }
  });

  it("applies an organization's and the global kill switch through A on B's very next request", async () => {
    const { token } = await a.createToken("chen@example.com", "Cross-instance switches");
    expect((await whoami(b, token)).status).toBe(200); // cached on B
    await a.run({ command: "orgs.revoke-api-access", organizationId: "org_borealis" });
    const org = await whoami(b, token);
    expect(org.status).toBe(503);
    expect(org.body.error.details).toMatchObject({ scope: "organization" });
    await a.run({ command: "orgs.restore-api-access", organizationId: "org_borealis" });
    await a.run({ command: "kill-switch", on: true });
    const global = await whoami(b, token);
    expect(global.status).toBe(503);
    expect(global.body.error.details).toMatchObject({ scope: "global" });
    await a.run({ command: "kill-switch", on: false });
  });
});
