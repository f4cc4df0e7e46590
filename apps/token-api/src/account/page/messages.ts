import { PageApiError } from "./api.js";
import { byId } from "./dom.js";

let announceTimer = 0;

/** A passing confirmation: read out by screen readers, then cleared so it does not linger on screen. */
export function announce(text: string): void {
  byId("status").textContent = text;
  clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => {
    byId("status").textContent = "";
  }, 8000);
}

export function showAlert(text: string): void {
  const el = byId("alert");
  el.textContent = text;
  el.hidden = !text;
}

export function fieldError(id: string, text: string | undefined): void {
  const el = byId(id);
  el.textContent = text ?? "";
  el.hidden = !text;
}

/** What went wrong, in the API's words (its validation issues first), or that it is unreachable. */
export function describe(err: unknown): string {
  if (err instanceof PageApiError) {
    const issues = err.details?.["issues"];
    if (Array.isArray(issues) && issues.length) return issues.map((i: { message: string }) => i.message).join("; ");
    return err.message;
  }
  return "The token API could not be reached. Is it still running?";
}
