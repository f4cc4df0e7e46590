import { ACCESS_SCOPES, Whoami } from "@layer/contracts";
import { describe, expect, it } from "vitest";
import type { ProvenToken } from "../auth/verification-cache.js";
import { rotationAdvice } from "../tokens/rotation-advice.js";
import { whoamiBody } from "./whoami-body.js";

const DAY = 24 * 3600 * 1000;
const accountUrl = "https://layer.example/account/api";
const now = new Date("2026-11-23T12:00:00.000Z");
const projects = [{ id: "prj_1", name: "Tower" }];
const bodyOf = (p: ProvenToken, lastUsed: Date | null, at: Date): string =>
  JSON.stringify(whoamiBody(p, { lastUsed, now: at, accountUrl, projects, organization: "org_1" }));

function proven(overrides: Partial<ProvenToken["token"]> = {}): ProvenToken {
  return {
    token: {
      keyId: "lp_live_0123456789ABCDEF",
      userId: "usr_1",
      env: "live",
      name: 'Power "BI" \u00e9',
      legacy: false,
      tier: "standard",
      scopes: [...ACCESS_SCOPES.read],
      access: "read",
      projectIds: ["prj_1"],
      expirationPolicy: "never",
      createdAt: new Date("2026-01-01T00:00:00.000Z"),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
      killSwitch: false,
      rotatedFrom: null,
      rotatedTo: null,
      generation: 0,
      ...overrides,
    },
    user: { id: "usr_1", email: "ada@example.com", name: "Ada \u2028 Lovelace" },
    organizations: [
      { id: "org_1", name: "Acme", role: "owner", apiAccessRevoked: false },
      { id: "org_2", name: "Tower", role: "member", apiAccessRevoked: false },
    ],
  };
}

/** whoami's body written out field by field from the contract, independently of whoami-body.ts. */
function plain(p: ProvenToken, lastUsed: Date | null, at: Date): string {
  const { token, user, organizations } = p;
  const expired = token.expiresAt !== null && token.expiresAt <= at;
  const body: Whoami = {
    user: { id: user.id, email: user.email, name: user.name },
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
    organization: "org_1",
    token: {
      keyId: token.keyId,
      name: token.name,
      env: token.env,
      legacy: token.legacy,
      tier: token.tier,
      scopes: ["projects:read"],
      access: "read",
      projectIds: ["prj_1"],
      status: expired ? "expired" : "active",
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt?.toISOString() ?? null,
      expiredAt: expired ? (token.expiresAt?.toISOString() ?? null) : null,
      lastUsedAt: lastUsed?.toISOString() ?? null,
      revokedAt: null,
      revokedBy: null,
      rotatedFrom: null,
      rotatedTo: null,
      projects,
    },
    rotation: rotationAdvice(token, at, accountUrl),
  };
  return JSON.stringify(body);
}

describe("whoami's body", () => {
  it("is the contract's Whoami, field for field, for legacy, never-expiring and expiring tokens", () => {
    const cases = [
      proven(),
      proven({ legacy: true, expiresAt: new Date(now.getTime() + 400 * DAY) }),
      proven({ expiresAt: new Date(now.getTime() + 3 * DAY - 1) }),
      proven({ expiresAt: new Date(now.getTime() - DAY) }),
    ];
    for (const p of cases) {
      for (const lastUsed of [null, new Date("2026-11-20T08:30:00.123Z")]) {
        const body = bodyOf(p, lastUsed, now);
        expect(body).toBe(plain(p, lastUsed, now));
        expect(Whoami.parse(JSON.parse(body))).toBeTruthy();
      }
    }
  });

  it("counts the days left at each request's time, not the first one's", () => {
    const p = proven({ expiresAt: new Date(now.getTime() + 20 * DAY) });
    expect(JSON.parse(bodyOf(p, null, now)).rotation).toEqual([]);
    for (const later of [
      new Date(now.getTime() + 7 * DAY),
      new Date(now.getTime() + 15 * DAY + 1),
      new Date(now.getTime() + 21 * DAY),
    ]) {
      const body = bodyOf(p, later, later);
      expect(body).toBe(plain(p, later, later));
    }
    expect(JSON.parse(bodyOf(p, null, new Date(now.getTime() + 8 * DAY))).rotation[0].daysLeft).toBe(12);
  });

  it("answers the token's new state once the verification cache replaces the proven token", () => {
    const before = proven();
    bodyOf(before, null, now);
    const renamed: ProvenToken = { ...before, token: { ...before.token, name: "Renamed", tier: "partner" } };
    expect(JSON.parse(bodyOf(renamed, null, now)).token).toMatchObject({ name: "Renamed", tier: "partner" });
  });

  it("follows the last use and the days left of each request", () => {
    const p = proven({ expiresAt: new Date(now.getTime() + 20 * DAY) });
    const used = new Date("2026-11-23T11:59:59.999Z");
    const first = bodyOf(p, used, now);
    expect(bodyOf(p, new Date(used.getTime()), now)).toBe(first);
    const next = new Date(used.getTime() + 1);
    expect(bodyOf(p, next, now)).toBe(plain(p, next, now));
    expect(bodyOf(p, null, now)).toBe(plain(p, null, now));
    expect(bodyOf(p, used, now)).toBe(first);
    // The same last use read when the token is close to expiry: the advice changes with the days left.
    const late = new Date(now.getTime() + 15 * DAY);
    expect(bodyOf(p, used, late)).toBe(plain(p, used, late));
    expect(JSON.parse(bodyOf(p, used, late)).rotation[0].daysLeft).toBe(5);
  });
});
