import { z } from "zod";
import { text } from "./text.js";
import { OrgRole } from "./whoami.js";

/**
 * The account page's session: a cookie of the signed-in user, never a token, so that a
 * token can never mint tokens. The CSRF token comes back in the body and goes out in `X-CSRF-Token`.
 */
export const SignInRequest = z.strictObject({
  email: text().trim().min(1, "email must not be empty").max(254, "email must be at most 254 characters"),
  // bcrypt reads 72 bytes at most; a longer password is refused rather than silently cut.
  password: text().min(1, "password must not be empty").max(72, "password must be at most 72 characters"),
});
export type SignInRequest = z.input<typeof SignInRequest>;

export const AccountSession = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  organizations: z.array(z.object({ id: z.string(), name: z.string(), role: OrgRole })),
  /** The user's projects: the account page offers them when a token is limited to some, and names them. */
  projects: z.array(z.object({ id: z.string(), name: z.string(), organizationId: z.string() })),
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type AccountSession = z.infer<typeof AccountSession>;

/** The header that carries the session's CSRF token on every mutation. */
export const CSRF_HEADER = "x-csrf-token";
