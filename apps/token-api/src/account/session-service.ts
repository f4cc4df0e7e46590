import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AccountSession } from "@layer/contracts";
import type { Queryable } from "../db/database.js";
import { listProjectsForUser } from "../projects/project-store.js";
import { findUserById, userOrganizations, verifyUserPassword, type User } from "../store/users.js";
import { deleteExpiredSessions, deleteSession, findSession, insertSession, touchSession } from "./session-store.js";

/** A signed-in user's session, as the routes see it once the cookie is proven. */
export interface ActiveSession {
  idHash: string;
  user: User;
  csrfSecret: string;
  expiresAt: Date;
}

export interface SessionServiceOptions {
  clock?: () => Date;
  /** Absolute lifetime; a session is never extended past it. */
  lifetimeMs?: number;
}

export const SESSION_LIFETIME_MS = 12 * 3600_000;
/** last_seen_at is written at most this often per session: one write per page view would be waste. */
const TOUCH_EVERY_MS = 5 * 60_000;
/** Session ids are 32 CSPRNG bytes in base64url; anything else is refused without a lookup. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

const digest = (sessionId: string) => createHash("sha256").update(sessionId).digest("base64url");

/**
 * Sessions of the account page: a cookie, never an API token, so that a token can never
 * mint tokens. The cookie holds a random id; the database holds only its SHA-256. Each session has
 * its own CSRF secret (synchronizer token), handed to the page in the session body.
 */
export class SessionService {
  private readonly clock: () => Date;
  private readonly lifetimeMs: number;

  constructor(
    private readonly db: Queryable,
    options: SessionServiceOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.lifetimeMs = options.lifetimeMs ?? SESSION_LIFETIME_MS;
  }

  /** The new session and its id (for the cookie only), or null for a wrong email or password. */
  async signIn(email: string, password: string): Promise<{ sessionId: string; session: ActiveSession } | null> {
    const user = await verifyUserPassword(this.db, email, password);
    if (!user) return null;
    const now = this.clock();
    await deleteExpiredSessions(this.db, now);
    const sessionId = randomBytes(32).toString("base64url");
    const session: ActiveSession = {
      idHash: digest(sessionId),
      user,
      csrfSecret: randomBytes(32).toString("base64url"),
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    };
    await insertSession(this.db, {
      idHash: session.idHash,
      userId: user.id,
      csrfSecret: session.csrfSecret,
      expiresAt: session.expiresAt,
      lastSeenAt: now,
    });
    return { sessionId, session };
  }

  /** The session a cookie names, or null when it is unknown, malformed or expired. */
  async resolve(sessionId: string | undefined): Promise<ActiveSession | null> {
    if (!sessionId || !SESSION_ID.test(sessionId)) return null;
    const stored = await findSession(this.db, digest(sessionId));
    if (!stored) return null;
    const now = this.clock();
    if (stored.expiresAt.getTime() <= now.getTime()) {
      await deleteSession(this.db, stored.idHash);
      return null;
    }
    const user = await findUserById(this.db, stored.userId);
    if (!user) return null;
    if (now.getTime() - stored.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(this.db, stored.idHash, now);
    return { idHash: stored.idHash, user, csrfSecret: stored.csrfSecret, expiresAt: stored.expiresAt };
  }

  async signOut(session: ActiveSession): Promise<void> {
    await deleteSession(this.db, session.idHash);
  }

  /** The synchronizer-token check, in constant time. */
  csrfMatches(session: ActiveSession, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(presented);
    const b = Buffer.from(session.csrfSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async describe(session: ActiveSession): Promise<AccountSession> {
    const orgs = await userOrganizations(this.db, session.user.id);
    // Every project of the user, in every organization: what a new token may be limited to.
    const projects = await listProjectsForUser(this.db, {
      userId: session.user.id,
      projectIds: null,
      organizationId: null,
    });
    return {
      user: { id: session.user.id, email: session.user.email, name: session.user.name },
      organizations: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role })),
      projects: projects.map((p) => ({ id: p.id, name: p.name, organizationId: p.organizationId })),
      csrfToken: session.csrfSecret,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** Whether the user owns the organization: the one check behind the token-holders list. */
  async ownsOrganization(userId: string, organizationId: string): Promise<boolean> {
    const orgs = await userOrganizations(this.db, userId);
    return orgs.some((o) => o.id === organizationId && o.role === "owner");
  }
}
