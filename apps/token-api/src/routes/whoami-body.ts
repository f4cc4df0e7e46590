import type { Whoami } from "@layer/contracts";
import type { ProvenToken } from "../auth/verification-cache.js";
import { expiringSoonDaysLeft, rotationAdvice } from "../tokens/rotation-advice.js";

interface Serialised {
  /** `{"user":…,"organizations":…,"token":{…,"expiresAt":…,"lastUsedAt":` */
  head: string;
  /** The rotation advice's JSON by expiringSoonDaysLeft (null: not expiring soon). */
  rotation: Map<number | null, string>;
  /** The last body sent, and the last use and days left it was made for (-1: never used). */
  last: { usedMs: number; daysLeft: number | null; body: string } | undefined;
}

/**
 * whoami's JSON, serialised once per proven token (issue 3 benchmark: re-serialising the same
 * user, organizations and advice was a large share of the cached request). A proven token is
 * never changed in place: the verification cache replaces it on any change to the token, so the
 * object is a safe key. Only lastUsedAt and the days left of the advice are per request; the bytes
 * are those of JSON.stringify of the whole Whoami (whoami-body.happy.test.ts).
 */
export class WhoamiBodies {
  private readonly bodies = new WeakMap<ProvenToken, Serialised>();

  constructor(private readonly accountUrl: string) {}

  body(proven: ProvenToken, lastUsed: Date | null, now: Date): string {
    let serialised = this.bodies.get(proven);
    if (!serialised)
      this.bodies.set(proven, (serialised = { head: this.head(proven), rotation: new Map(), last: undefined }));
    const daysLeft = expiringSoonDaysLeft(proven.token, now);
    // Requests in the same millisecond get the same bytes: a busy key's body is built about once
    // a millisecond, not once a request.
    const usedMs = lastUsed ? lastUsed.getTime() : -1;
    const last = serialised.last;
    if (last !== undefined && last.usedMs === usedMs && last.daysLeft === daysLeft) return last.body;
    let rotation = serialised.rotation.get(daysLeft);
    if (rotation === undefined) {
      rotation = JSON.stringify(rotationAdvice(proven.token, now, this.accountUrl));
      serialised.rotation.set(daysLeft, rotation);
    }
    const body = `${serialised.head}${lastUsed ? `"${lastUsed.toISOString()}"` : "null"}},"rotation":${rotation}}`;
    serialised.last = { usedMs, daysLeft, body };
    return body;
  }

  private head({ token, user, organizations }: ProvenToken): string {
    const fixed: Omit<Whoami["token"], "lastUsedAt"> = {
      name: token.name,
      keyId: token.keyId,
      env: token.env,
      legacy: token.legacy,
      // Scopes are not enforced yet (CONTRACT.md "Scopes"): every key carries its owner's access.
      scopes: [],
      tier: token.tier,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt?.toISOString() ?? null,
    };
    const userJson = JSON.stringify({ id: user.id, email: user.email, name: user.name } satisfies Whoami["user"]);
    const orgsJson = JSON.stringify(
      organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })) satisfies Whoami["organizations"],
    );
    // The token object without its closing brace, lastUsedAt follows.
    return `{"user":${userJson},"organizations":${orgsJson},"token":${JSON.stringify(fixed).slice(0, -1)},"lastUsedAt":`;
  }
}
