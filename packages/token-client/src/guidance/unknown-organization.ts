/**
 * The organization a 404 refused: a `Layer-Organization` the token's owner does not belong to (or
 * that does not exist), which the API names in `details.organization`. Null for any other failure,
 * a 404 of a project or table included. Read by shape, so an error that crossed a host boundary
 * (Apps Script's sidebar, a worker) still counts.
 */
export function unknownOrganization(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; details?: unknown };
  if (e.code !== "NOT_FOUND" || typeof e.details !== "object" || e.details === null) return null;
  const organization = (e.details as Record<string, unknown>)["organization"];
  return typeof organization === "string" && organization !== "" ? organization : null;
}
