import type { AccountSession } from "@layer/contracts";

/** A project of the signed-in user, as the session lists it (the page names a token's projects with it). */
export type SessionProject = AccountSession["projects"][number];

/** The session's projects; none while signed out. */
export function sessionProjects(session: AccountSession | null): SessionProject[] {
  return session?.projects ?? [];
}
