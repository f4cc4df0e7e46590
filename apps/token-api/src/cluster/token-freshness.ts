import type { TokenFreshness, TokenState } from "../auth/authenticator.js";
import type { Queryable } from "../db/database.js";

interface Waiter {
  resolve(state: TokenState | null): void;
  reject(error: unknown): void;
}

/**
 * The per-request token check of several processes (issue 4: "a revoked token is refused by every
 * instance on the next request after the revoke response"). Requests of one tick share one indexed
 * query, and a request only ever joins a query that has not been sent yet, so the answer always
 * comes from a read that began after the request arrived, hence after any revoke it must see.
 */
export function batchedTokenFreshness(db: Queryable): TokenFreshness {
  let pending: Map<string, Waiter[]> | undefined;

  const send = async (batch: Map<string, Waiter[]>) => {
    try {
      const rows = await db.query<TokenState & { keyId: string }>(
        `SELECT key_id AS "keyId", name, revoked_at AS "revokedAt", expires_at AS "expiresAt", kill_switch AS "killSwitch", tier
           FROM api_tokens WHERE key_id = ANY($1::text[])`,
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
