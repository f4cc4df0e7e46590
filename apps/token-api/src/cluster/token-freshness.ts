import type { TokenFreshness, TokenState } from "../auth/authenticator.js";
import type { Queryable } from "../db/database.js";

interface Waiter {
  resolve(state: TokenState | null): void;
  reject(error: unknown): void;
}

/**
 * The per-request token check of several processes ("a revoked token is refused by every
 * instance on the next request after the revoke response"). Requests of one tick share one indexed
 * query, and a request only ever joins a query that has not been sent yet, so the answer always
 * comes from a read that began after the request arrived, hence after any revoke it must see. The
 * read carries the organization and global kill switches too: a switch thrown through any process
 * is exact on the next request everywhere, like a revoke.
 */
export function batchedTokenFreshness(db: Queryable): TokenFreshness {
  let pending: Map<string, Waiter[]> | undefined;

  const send = async (batch: Map<string, Waiter[]>) => {
    try {
      const rows = await db.query<TokenState & { keyId: string }>(
        `SELECT t.key_id AS "keyId", t.name, t.revoked_at AS "revokedAt", t.expires_at AS "expiresAt",
                t.kill_switch AS "killSwitch", t.tier, t.generation, t.rotated_to AS "rotatedTo",
                EXISTS (SELECT 1 FROM organization_members m JOIN organizations o ON o.id = m.organization_id
                         WHERE m.user_id = t.user_id AND o.api_access_revoked) AS "organizationKilled",
                COALESCE((SELECT global_kill_switch FROM platform_settings), false) AS "globalKilled"
           FROM api_tokens t WHERE t.key_id = ANY($1::text[])`,
        [[...batch.keys()]],
      );
      const byKey = new Map(rows.map(({ keyId, ...state }) => [keyId, state]));
      for (const [keyId, waiters] of batch) for (const w of waiters) w.resolve(byKey.get(keyId) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  };

  return (keyId) =>
    new Promise<TokenState | null>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Waiter[]>();
        pending = batch;
        setImmediate(() => {
          pending = undefined;
          void send(batch);
        });
      }
      const waiters = pending.get(keyId);
      if (waiters) waiters.push({ resolve, reject });
      else pending.set(keyId, [{ resolve, reject }]);
    });
}
