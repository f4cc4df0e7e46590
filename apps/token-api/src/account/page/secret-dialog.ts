import type { CreatedToken } from "@layer/contracts";
import { session } from "./api.js";
import { byId, dialogById, element } from "./dom.js";

/** Where focus goes when the secret is closed: the control that led here, found again after the list redraws. */
let returnFocus: () => HTMLElement | null = () => null;

export interface SecretShowing {
  title: string;
  /** A line under the warning, e.g. how long the old secret keeps working. */
  note?: string;
  returnFocus: () => HTMLElement | null;
}

/**
 * Shows a new secret, once: created tokens and regenerated ones alike. The secret lives only in
 * elements made for it, so closing the dialog removes it from the page whole.
 */
export function showSecret(created: CreatedToken, showing: SecretShowing): void {
  returnFocus = showing.returnFocus;
  byId("created-title").textContent = showing.title;
  const note = byId("created-overlap");
  note.textContent = showing.note ?? "";
  note.hidden = !showing.note;
  const label = element("label", "sr-only", "Your new token");
  label.htmlFor = "created-token";
  const input = element("input");
  input.id = "created-token";
  input.readOnly = true;
  input.spellcheck = false;
  input.autocomplete = "off";
  input.value = created.token;
  const copy = element("button", "", "Copy");
  copy.type = "button";
  copy.id = "copy-token";
  copy.addEventListener("click", () => void copySecret(input));
  byId("created-secret-slot").replaceChildren(label, input, copy);
  byId("copy-status").textContent = "";
  dialogById("secret-dialog").showModal();
  copy.focus();
}

async function copySecret(input: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    // Clipboard API refused (insecure origin or permission): fall back to the selection.
    input.select();
    document.execCommand("copy");
  }
  byId("copy-status").textContent = "Copied to the clipboard.";
}

export function wireSecretDialog(): void {
  const dialog = dialogById("secret-dialog");
  byId("created-done").addEventListener("click", () => dialog.close());
  // Whatever closes the dialog (Done, Escape), the secret leaves the DOM with it.
  dialog.addEventListener("close", () => {
    forgetSecret();
    if (session.current) (returnFocus() ?? byId("create-open")).focus();
  });
}

/** Takes the secret out of the page at once (the dialog's close event comes a task later). */
export function forgetSecret(): void {
  const input = document.getElementById("created-token") as HTMLInputElement | null;
  if (input) input.value = "";
  byId("created-secret-slot").replaceChildren();
  byId("copy-status").textContent = "";
}
