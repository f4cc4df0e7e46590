import type { RotatedToken, TokenSummary } from "@layer/contracts";
import { api, PageApiError, session } from "./api.js";
import { fullFormat } from "./dates.js";
import { byId, checkedValue, dialogById } from "./dom.js";
import { readExpiryChoice, syncExpiryChoice, wireExpiryChoice } from "./expiry-choice.js";
import { announce, describe, fieldError } from "./messages.js";
import { refreshTokens } from "./refresh.js";
import { showSecret } from "./secret-dialog.js";

let regenerating: { token: TokenSummary; opener: HTMLElement } | null = null;

const DAY_MS = 86_400_000;

/** The old token's expiry policy in words, for the "Same as before" choice. */
function samePolicy(token: TokenSummary): string {
  if (!token.expiresAt) return "Same as before (no expiration)";
  const days = Math.round((new Date(token.expiresAt).getTime() - new Date(token.createdAt).getTime()) / DAY_MS);
  return `Same as before (${days} day${days === 1 ? "" : "s"})`;
}

/** A new secret for the same token: name, access and projects stay; the old secret works on for the overlap. */
export function openRegenerate(token: TokenSummary, opener: HTMLElement): void {
  regenerating = { token, opener };
  const form = byId<HTMLFormElement>("regenerate-form");
  form.reset();
  byId("regenerate-title").textContent = `Regenerate “${token.name}”?`;
  byId("regenerate-text").textContent =
    `${token.masked} gets a new secret with the same name, access and projects. ` +
    "Paste the new secret into the integration before the old one stops working.";
  byId("regenerate-same").textContent = samePolicy(token);
  syncExpiryChoice(byId("regenerate-expiry"));
  fieldError("regenerate-error", "");
  dialogById("regenerate-dialog").showModal();
  form.querySelector<HTMLInputElement>('input[name="overlap"]:checked')?.focus();
}

/** What the secret dialog says about the old secret. */
function overlapNote(rotated: RotatedToken): string {
  const ends = new Date(rotated.previous.expiresAt);
  if (ends.getTime() <= Date.now()) return "The old secret has stopped working.";
  return `The old secret keeps working until ${fullFormat.format(ends)}.`;
}

async function submitRegenerate(token: TokenSummary): Promise<void> {
  const expiry = readExpiryChoice(byId("regenerate-expiry"));
  if (!expiry.ok) {
    fieldError("regenerate-error", expiry.message);
    byId("regenerate-expires-on").focus();
    return;
  }
  fieldError("regenerate-error", "");
  const rotated = await api<RotatedToken>("POST", `/v1/tokens/${encodeURIComponent(token.keyId)}/regenerate`, {
    overlap: checkedValue(byId("regenerate-form"), "overlap") || "24h",
    ...expiry.request,
  });
  regenerating = null;
  dialogById("regenerate-dialog").close();
  const newKeyId = rotated.token.keyId;
  showSecret(rotated.token, {
    title: `Copy the new secret of “${rotated.token.name}”`,
    note: overlapNote(rotated),
    // The new token's Regenerate button, once the list has redrawn with it.
    returnFocus: () => document.querySelector<HTMLElement>(`#token-${CSS.escape(newKeyId)} button.regenerate`),
  });
  announce(`Regenerated “${rotated.token.name}”.`);
  await refreshTokens();
}

export function wireRegenerateDialog(): void {
  const dialog = dialogById("regenerate-dialog");
  wireExpiryChoice(byId("regenerate-expiry"));
  byId("regenerate-cancel").addEventListener("click", () => dialog.close());
  byId("regenerate-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!regenerating) return;
    const button = byId<HTMLButtonElement>("regenerate-submit");
    button.disabled = true;
    try {
      await submitRegenerate(regenerating.token);
    } catch (err) {
      fieldError("regenerate-error", describe(err));
      // Regenerated or revoked meanwhile (another tab, the operator): show the lists as they are now.
      if (err instanceof PageApiError && err.status === 409) await refreshTokens();
    } finally {
      button.disabled = false;
    }
  });
  dialog.addEventListener("close", () => {
    // Cancelled: back to the button that opened it (unless the session ended meanwhile).
    if (regenerating && session.current) regenerating.opener.focus();
    regenerating = null;
  });
}
