import type { TokenSummary } from "@layer/contracts";
import { session } from "./api.js";
import { sessionProjects } from "./projects.js";

/** "Read only" or "Read and write": what the token may do. */
export function accessInWords(token: Pick<TokenSummary, "access">): string {
  return token.access === "read" ? "Read only" : "Read and write";
}

/** The projects a token reaches, by name where the session knows it (a project left since shows its id). */
export function projectsInWords(token: Pick<TokenSummary, "projectIds">): string {
  if (token.projectIds === null) return "All projects";
  const names = new Map(sessionProjects(session.current).map((p) => [p.id, p.name]));
  return token.projectIds.map((id) => names.get(id) ?? id).join(", ");
}
