/**
 * A token's life as the operator and a client live it: the token API served on its own data
 * directory (embedded PGlite, as `npm start` runs it) and the REAL operator CLI, run as a separate
 * process, reaching it through the operator channel. The client is the shared token client every
 * connector uses; the connectors' own reactions are in the other scenario files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, serveTokenApi, type ServingTokenApi } from "@layer/token-api";
import {
  AuthenticationError,
  KillSwitchError,
  NotFoundError,
  RateLimitError,
  createClient,
  rotationAdvice,
} from "@layer/token-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_LIMITS, spendUntilLimited } from "../support/limits.js";
import { createTokenWithCli, operatorCli } from "../support/operator-cli.js";

const DAY = 86_400_000;
let dataDir: string;
let api: ServingTokenApi;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "layer-suite-cli-"));
  const config = loadConfig({}, { port: 0, dataDir, bcryptCost: 4, logLevel: "warn", rateLimits: PILOT_LIMITS });
  api = await serveTokenApi({ config, ordersRows: 200, logDestination: { write() {} } });
});

afterAll(async () => {
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sent = (keyId: string) => api.services.requestCounts.get(keyId) ?? 0;
const clientFor = (token: string) =>
  createClient({ baseUrl: api.url, token, retry: { maxRetries: 4, maxWaitMs: 2_000 } });

describe("the operator CLI against a running token API", () => {
  it("creates a token expiring in 3 days that the client sees as expiring soon, by name", async () => {
    const expiresAt = new Date(Date.now() + 3 * DAY).toISOString();
    const created = await createTokenWithCli(dataDir, "ada@example.com", "Suite - Soon", "--expires-at", expiresAt);
    expect(created.token).toMatch(/^lp_live_/);
    const client = clientFor(created.token);
    const whoami = await client.whoami();
    const advice = rotationAdvice({ whoami, now: Date.now(), tool: "Excel", accountUrl: `${api.url}/account/api` });
    expect(advice).toMatchObject({ reason: "expiring_soon", tokenName: "Suite - Soon", keyId: created.keyId });
    expect(advice?.daysLeft).toBeGreaterThanOrEqual(2);
    expect(advice?.daysLeft).toBeLessThanOrEqual(3);
  });

  it("kills a key: the client hears an administrator disabled it and does not retry; restored, it works", async () => {
    const { token, keyId } = await createTokenWithCli(dataDir, "ada@example.com", "Suite - Kill", "--expires", "30d");
    const client = clientFor(token);
    expect((await client.listProjects()).projects.length).toBeGreaterThan(0);
    await operatorCli(dataDir, "keys", "kill", keyId);
    const before = sent(keyId);
    const killed = await client.listProjects().catch((e: unknown) => e);
    expect(killed).toBeInstanceOf(KillSwitchError);
    expect(sent(keyId)).toBe(before + 1);
    await operatorCli(dataDir, "keys", "restore", keyId);
    expect((await client.listProjects()).projects.length).toBeGreaterThan(0);
  });

  it("moves a key onto a tiny tier: the client stops at the first 429 and says how long to wait", async () => {
    const { token, keyId } = await createTokenWithCli(dataDir, "ada@example.com", "Suite - Busy", "--expires", "30d");
    await operatorCli(dataDir, "keys", "tier", keyId, "pilot");
    const retryAfterSeconds = await spendUntilLimited(api.url, token);
    const before = sent(keyId);
    // The wait (a good part of a minute) is more than this client accepts (2 s): it stops at once.
    const limited = await clientFor(token)
      .listProjects()
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ retryStoppedBy: "max_wait" });
    expect((limited as RateLimitError).retryAfterMs).toBeGreaterThan(2_000);
    expect((limited as RateLimitError).retryAfterMs).toBeLessThanOrEqual(retryAfterSeconds * 1_000);
    expect(sent(keyId)).toBe(before + 1);
  });

  it("removes a member: the project is not found for their token, and the rest still works", async () => {
    const { token } = await createTokenWithCli(dataDir, "ben@example.com", "Suite - Ben", "--expires", "30d");
    const client = clientFor(token);
    expect((await client.getProject("prj_acme_tower")).id).toBe("prj_acme_tower");
    await operatorCli(dataDir, "members", "remove", "--project", "prj_acme_tower", "--user", "ben@example.com");
    await expect(client.getProject("prj_acme_tower")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.whoami()).resolves.toMatchObject({ token: { name: "Suite - Ben" } });
  });

  it("rotates in the safe order: new created, verified, switched, old revoked; the old one then fails once, by name", async () => {
    const old = await createTokenWithCli(dataDir, "ada@example.com", "Suite - Rotate", "--expires", "90d");
    let client = clientFor(old.token);
    await client.rowsPage("prj_acme_tower", "tbl_orders", { limit: 10 });

    const next = await createTokenWithCli(dataDir, "ada@example.com", "Suite - Rotate (new)", "--expires", "90d");
    const candidate = clientFor(next.token);
    const [mine, theirs] = [await client.whoami(), await candidate.whoami()];
    expect(theirs.user.id).toBe(mine.user.id); // verified: same owner, a different key
    expect(theirs.token.keyId).not.toBe(old.keyId);
    client = candidate; // switched
    await operatorCli(dataDir, "tokens", "revoke", old.keyId);
    expect((await client.rowsPage("prj_acme_tower", "tbl_orders", { limit: 10 })).rows).toHaveLength(10);

    const before = sent(old.keyId);
    const revoked = await clientFor(old.token)
      .whoami()
      .catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(AuthenticationError);
    expect(revoked).toMatchObject({ reason: "revoked", tokenName: "Suite - Rotate", keyId: old.keyId });
    expect(sent(old.keyId)).toBe(before + 1);
    const advice = rotationAdvice({
      error: revoked,
      now: Date.now(),
      tool: "Power BI",
      accountUrl: `${api.url}/account/api`,
    });
    expect(advice).toMatchObject({ reason: "revoked", tokenName: "Suite - Rotate" });
  });
});
