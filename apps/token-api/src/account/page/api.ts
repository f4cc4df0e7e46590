import type { AccountSession } from "@layer/contracts";

/** A refusal of the token API, in its envelope's terms. */
export class PageApiError extends Error {
  readonly code: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    readonly status: number,
    body: { error?: { message?: string; code?: string; details?: Record<string, unknown> } } | null,
  ) {
    super(body?.error?.message ?? `Request failed (${status})`);
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
}

/** The signed-in session (its CSRF token goes with every write), or null while signed out. */
export const session: { current: AccountSession | null } = { current: null };

let onSessionEnded: (message: string) => void = () => {};

/** What the page does when the API says the session is over (any 401 but a failed sign-in). */
export function whenSessionEnds(handler: (message: string) => void): void {
  onSessionEnded = handler;
}

/** One same-origin JSON call to the token API; rejects with PageApiError on a refusal. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.current) headers["X-CSRF-Token"] = session.current.csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null as T;
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new PageApiError(res.status, json);
    // A session the page held has ended (expired, signed out elsewhere); a failed sign-in is not that.
    if (res.status === 401 && session.current && !(method === "POST" && path === "/v1/session"))
      onSessionEnded("Your session has ended. Please sign in again.");
    throw err;
  }
  return json as T;
}
