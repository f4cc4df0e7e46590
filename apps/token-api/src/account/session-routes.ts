import { AccountSession, SignInRequest } from "@layer/contracts";
import type { RouteMounter } from "../api-spec/mount.js";
import { defineRoute, inputOf, type SuccessHeader } from "../api-spec/route-spec.js";
import { DomainError } from "../errors/domain-error.js";
import { type LoginThrottle, reserveAttempt } from "./login-throttle.js";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie.js";
import { sessionOf } from "./session-guard.js";
import type { SessionService } from "./session-service.js";

export interface SessionRouteDeps {
  sessions: SessionService;
  /** Failed sign-ins per email (a guessed password) and per client address (a spray over emails). */
  throttles: { email: LoginThrottle; address: LoginThrottle };
}

// Typed, so that a field the contract adds to the session cannot be missing from its example.
const SESSION_EXAMPLE: AccountSession = {
  user: { id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" },
  organizations: [{ id: "org_acme", name: "Acme", role: "owner" }],
  projects: [{ id: "prj_acme_tower", name: "Acme Tower", organizationId: "org_acme" }],
  csrfToken: "q8Vx2b7N0cW4mZ1rT6yH3uJ9kL5pA0sD",
  expiresAt: "2026-03-31T17:00:00.000Z",
};

const setCookie = (description: string): Record<string, SuccessHeader> => ({
  "Set-Cookie": {
    description,
    required: true,
    schema: { type: "string", pattern: "^(__Host-)?layer_session=" },
  },
});

// Sign-in is a mutation too: the Origin check stops a foreign page signing a browser into our account (login CSRF).
export const signInRoute = defineRoute({
  method: "post",
  path: "/v1/session",
  operationId: "signIn",
  tag: "Account session",
  summary: "Sign in to the account page",
  description:
    "Checks the email and password and sets the session cookie (HttpOnly, SameSite=Strict). Signing in again " +
    "replaces the browser's session. Failed sign-ins are throttled per email and per address.",
  access: { kind: "sign-in" },
  request: { body: SignInRequest },
  requestExample: { email: "ada@example.com", password: "correct horse battery staple" },
  // Session bodies carry the CSRF token: never cached.
  noStore: true,
  success: {
    status: 201,
    description: "Signed in: the user, their organizations and the session's CSRF token.",
    body: AccountSession,
    example: SESSION_EXAMPLE,
    headers: setCookie("The session cookie: `layer_session` (`__Host-layer_session` over HTTPS)."),
  },
});

export const getSessionRoute = defineRoute({
  method: "get",
  path: "/v1/session",
  operationId: "getSession",
  tag: "Account session",
  summary: "The signed-in user and the session's CSRF token",
  description: "What the account page reads on load; 401 when no one is signed in.",
  access: { kind: "session", mutation: false },
  noStore: true,
  success: { status: 200, description: "The session.", body: AccountSession, example: SESSION_EXAMPLE },
});

export const signOutRoute = defineRoute({
  method: "delete",
  path: "/v1/session",
  operationId: "signOut",
  tag: "Account session",
  summary: "Sign out",
  description: "Ends the session and clears its cookie.",
  access: { kind: "session", mutation: true },
  noStore: true,
  success: {
    status: 204,
    description: "Signed out.",
    headers: setCookie("Clears the session cookie (expired)."),
  },
});

/** POST/GET/DELETE /v1/session: sign in, who is signed in (with the CSRF token), sign out. */
export function sessionRoutes(routes: RouteMounter, { sessions, throttles }: SessionRouteDeps): void {
  routes.add(signInRoute, async (req, res) => {
    const { email, password } = inputOf(signInRoute, res).body;
    const emailKey = email.toLowerCase();
    // The client's address: the socket's, or the one the trusted proxy forwarded (TRUST_PROXY).
    const addressKey = req.ip ?? "unknown";
    // Reserved before bcrypt: concurrent guesses each take an attempt before any is judged.
    const waitMs = reserveAttempt([
      [throttles.email, emailKey],
      [throttles.address, addressKey],
    ]);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new DomainError(
        "RATE_LIMITED",
        "too many failed sign-ins: wait before trying again",
        { endpointClass: "write-light", retryAfterMs: waitMs },
        { retryAfterSeconds: seconds },
      );
    }
    let signedIn: Awaited<ReturnType<SessionService["signIn"]>>;
    try {
      signedIn = await sessions.signIn(email, password);
    } catch (error) {
      // Never judged (the database failed): the attempt is not the client's failure.
      throttles.email.release(emailKey);
      throttles.address.release(addressKey);
      throw error;
    }
    if (!signedIn) throw new DomainError("UNAUTHENTICATED", "the email or password is wrong", { reason: "invalid" });
    // The email's attempts are forgotten; the address keeps the others' (one right guess must
    // not reset a spray from the same address), less this one.
    throttles.email.forget(emailKey);
    throttles.address.release(addressKey);
    // Signing in again replaces the browser's session rather than leaving the old one alive.
    const previous = await sessions.resolve(readSessionCookie(req));
    if (previous) await sessions.signOut(previous);
    setSessionCookie(req, res, signedIn.sessionId, signedIn.session.expiresAt);
    res.status(201).json(await sessions.describe(signedIn.session));
  });

  routes.add(getSessionRoute, async (_req, res) => {
    res.json(await sessions.describe(sessionOf(res)));
  });

  routes.add(signOutRoute, async (req, res) => {
    await sessions.signOut(sessionOf(res));
    clearSessionCookie(req, res);
    res.status(204).end();
  });
}
