import type { Queryable } from "../db/database.js";

/** A row of `account_sessions` (migration 001). Only a digest of the session id is ever stored. */
export interface StoredSession {
  idHash: string;
  userId: string;
  csrfSecret: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

export async function insertSession(q: Queryable, s: StoredSession): Promise<void> {
  await q.query(
    "INSERT INTO account_sessions (id_hash, user_id, csrf_secret, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
    [s.idHash, s.userId, s.csrfSecret, s.lastSeenAt.toISOString(), s.expiresAt.toISOString()],
  );
}

export async function findSession(q: Queryable, idHash: string): Promise<StoredSession | null> {
  const [row] = await q.query<{
    id_hash: string;
    user_id: string;
    csrf_secret: string;
    expires_at: unknown;
    last_seen_at: unknown;
  }>("SELECT id_hash, user_id, csrf_secret, expires_at, last_seen_at FROM account_sessions WHERE id_hash = $1", [
    idHash,
  ]);
  if (!row) return null;
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    csrfSecret: row.csrf_secret,
    expiresAt: toDate(row.expires_at),
    lastSeenAt: toDate(row.last_seen_at),
  };
}

export async function touchSession(q: Queryable, idHash: string, at: Date): Promise<void> {
  await q.query("UPDATE account_sessions SET last_seen_at = $2 WHERE id_hash = $1", [idHash, at.toISOString()]);
}

export async function deleteSession(q: Queryable, idHash: string): Promise<void> {
  await q.query("DELETE FROM account_sessions WHERE id_hash = $1", [idHash]);
}

/** Expired sessions are useless; sweeping them at each sign-in keeps the table small without a timer. */
export async function deleteExpiredSessions(q: Queryable, now: Date): Promise<void> {
  await q.query("DELETE FROM account_sessions WHERE expires_at <= $1", [now.toISOString()]);
}
