import type { Queryable } from "../db/database.js";
import type { OrgRole } from "@layer/contracts";

/** Rows of `account_sessions` (migration 001). Only a digest of the session id is ever stored. */
export interface StoredSession {
  idHash: string;
  userId: string;
  csrfSecret: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface AccountUser {
  id: string;
  email: string;
  name: string;
}

export interface SignInCandidate extends AccountUser {
  passwordHash: string | null;
}

export interface UserOrganization {
  id: string;
  name: string;
  role: OrgRole;
}

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

export class SessionStore {
  constructor(private readonly db: Queryable) {}

  async insert(session: StoredSession): Promise<void> {
    await this.db.query(
      "INSERT INTO account_sessions (id_hash, user_id, csrf_secret, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
      [session.idHash, session.userId, session.csrfSecret, session.lastSeenAt.toISOString(), session.expiresAt.toISOString()],
    );
  }

  async find(idHash: string): Promise<StoredSession | null> {
    const rows = await this.db.query<{ id_hash: string; user_id: string; csrf_secret: string; expires_at: unknown; last_seen_at: unknown }>(
      "SELECT id_hash, user_id, csrf_secret, expires_at, last_seen_at FROM account_sessions WHERE id_hash = $1",
      [idHash],
    );
    const row = rows[0];
    if (!row) return null;
    return { idHash: row.id_hash, userId: row.user_id, csrfSecret: row.csrf_secret, expiresAt: toDate(row.expires_at), lastSeenAt: toDate(row.last_seen_at) };
  }

  async touch(idHash: string, at: Date): Promise<void> {
    await this.db.query("UPDATE account_sessions SET last_seen_at = $2 WHERE id_hash = $1", [idHash, at.toISOString()]);
  }

  async delete(idHash: string): Promise<void> {
    await this.db.query("DELETE FROM account_sessions WHERE id_hash = $1", [idHash]);
  }

  /** Expired sessions are useless; sweeping them at sign-in keeps the table small without a timer. */
  async deleteExpired(now: Date): Promise<void> {
    await this.db.query("DELETE FROM account_sessions WHERE expires_at <= $1", [now.toISOString()]);
  }

  async findUserByEmail(email: string): Promise<SignInCandidate | null> {
    const rows = await this.db.query<{ id: string; email: string; name: string; password_hash: string | null }>(
      "SELECT id, email, name, password_hash FROM users WHERE lower(email) = lower($1)",
      [email],
    );
    const row = rows[0];
    return row ? { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash } : null;
  }

  async findUser(userId: string): Promise<AccountUser | null> {
    const rows = await this.db.query<AccountUser>("SELECT id, email, name FROM users WHERE id = $1", [userId]);
    return rows[0] ?? null;
  }

  async organizationsOf(userId: string): Promise<UserOrganization[]> {
    return this.db.query<UserOrganization>(
      `SELECT o.id, o.name, m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id
       WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [userId],
    );
  }
}
