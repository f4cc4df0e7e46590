import type { AccountSession } from "@layer/contracts";
import { api } from "./api.js";

/** setTimeout's longest delay (about 24.8 days); a session is far shorter. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** After the API says the session still holds (this computer's clock runs ahead), ask again at most this often. */
const RECHECK_MS = 60_000;

let timer = 0;

/** Asks the API whether the session still holds; a 401 signs the page out (api's session handler). */
function checkSession(): void {
  api<AccountSession>("GET", "/v1/session").then(
    (still) => watchSession(still.expiresAt, RECHECK_MS),
    () => {
      // A 401 has already shown the sign-in form; anything else leaves the page as it is.
    },
  );
}

/**
 * When the session's time is up, the page asks the API (whose clock decides) rather than waiting
 * for the user's next click to find out, so an open dialog does not linger over a dead session.
 * A tab coming back from sleep or the background asks again at once.
 */
export function watchSession(expiresAt: string, minDelayMs = 0): void {
  stopSessionWatch();
  const untilEnd = new Date(expiresAt).getTime() - Date.now() + 1000;
  timer = window.setTimeout(checkSession, Math.min(Math.max(untilEnd, minDelayMs, 0), MAX_DELAY_MS));
}

export function stopSessionWatch(): void {
  clearTimeout(timer);
  timer = 0;
}

export function wireSessionWatch(): void {
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && timer) checkSession();
  });
}
