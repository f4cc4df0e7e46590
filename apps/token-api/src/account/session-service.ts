import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AccountSession } from "@layer/contracts";
import type { Queryable } from "../db/database.js";
import { verifySecret } from "../tokens/hashing.js";
import { SessionStore, type AccountUser } from "./session-store.js";

/** A signed-in user's session, as the routes see it once the cookie is proven. */
export interface ActiveSession {
  idHash: string;
  user: AccountUser;
  csrfSecret: string;
  expiresAt: Date;
}

export interface SessionServiceOptions {
  now?: () => Date;
  /** Absolute lifetime; a session is never extended past it. */
  lifetimeMs?: number;
}

export const SESSION_LIFETIME_MS = 12 * 3600_000;
/** last_seen_at is written at most this often per session: one write per page view would be waste. */
const TOUCH_EVERY_MS = 5 * 60_000;

/**
 * A bcrypt hash (cost 12) of a random value nobody knows. An unknown email is checked against it
 * so that a wrong email costs the same ~215 ms as a wrong password and does not reveal who exists.
 */
const NOBODY_HASH = "$2b$12$Hmj51xBoWkBRV54cwoxeF.PL25wZEg2yDW5DhwePCA9hDWyxbkfJK";

const digest = (sessionId: string) => createHash("sha256").update(sessionId).digest("base64url");

/** Session ids are 32 CSPRNG bytes in base64url; anything else is refused without a lookup. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export class SessionService {
  private readonly store: SessionStore;
  private readonly now: () => Date;
  private readonly lifetimeMs: number;

  constructor(db: Queryable, options: SessionServiceOptions = {}) {
    this.store = new SessionStore(db);
    this.now = options.now ?? (() => new Date());
    this.lifetimeMs = options.lifetimeMs ?? SESSION_LIFETIME_MS;
  }

  /** The new session's id (for the cookie only) and the session, or null for wrong credentials. */
  async signIn(email: string, password: string): Promise<{ sessionId: string; session: ActiveSession } | null> {
    const candidate = await this.store.findUserByEmail(email);
    const matches = await verifySecret(password, candidate?.passwordHash ?? NOBODY_HASH);
    if (!candidate?.passwordHash || !matches) return null;
    const now = this.now();
    await this.store.deleteExpired(now);
    const sessionId = randomBytes(32).toString("base64url");
    const session: ActiveSession = {
      idHash: digest(sessionId),
      user: { id: candidate.id, email: candidate.email, name: candidate.name },
      csrfSecret: randomBytes(32).toString("base64url"),
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    };
    await this.store.insert({ idHash: session.idHash, userId: session.user.id, csrfSecret: session.csrfSecret, expiresAt: session.expiresAt, lastSeenAt: now });
    return { sessionId, session };
  }

  /** The session a cookie names, or null when it is unknown, malformed or expired. */
  async resolve(sessionId: string | undefined): Promise<ActiveSession | null> {
    if (!sessionId || !SESSION_ID.test(sessionId)) return null;
    const stored = await this.store.find(digest(sessionId));
    if (!stored) return null;
    const now = this.now();
    if (stored.expiresAt.getTime() <= now.getTime()) {
      await this.store.delete(stored.idHash);
      return null;
    }
    const user = await this.store.findUser(stored.userId);
    if (!user) return null;
    if (now.getTime() - stored.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.store.touch(stored.idHash, now);
    return { idHash: stored.idHash, user, csrfSecret: stored.csrfSecret, expiresAt: stored.expiresAt };
  }

  async signOut(session: ActiveSession): Promise<void> {
    await this.store.delete(session.idHash);
  }

  /** Synchronizer-token check in constant time. */
  csrfMatches(session: ActiveSession, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(presented);
    const b = Buffer.from(session.csrfSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async describe(session: ActiveSession): Promise<AccountSession> {
    return {
      user: session.user,
      organizations: await this.store.organizationsOf(session.user.id),
      csrfToken: session.csrfSecret,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** Whether the user owns the organization: the one check behind the token-holders list. */
  async ownsOrganization(userId: string, organizationId: string): Promise<boolean> {
    const orgs = await this.store.organizationsOf(userId);
    return orgs.some((o) => o.id === organizationId && o.role === "owner");
  }
}
