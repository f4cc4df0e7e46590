import type { AccountSession } from "@layer/contracts";

/** A project of the signed-in user, as the session lists it (the page names a token's projects with it). */
export interface SessionProject {
  id: string;
  name: string;
  organizationId: string;
}

/** The session's projects; none when the API does not list them. */
export function sessionProjects(session: AccountSession | null): SessionProject[] {
  const listed = (session as { projects?: SessionProject[] } | null)?.projects;
  return Array.isArray(listed) ? listed : [];
}
