import type { TokenSummary } from "@layer/contracts";
import { api, session } from "./api.js";
import { byId, dialogById } from "./dom.js";
import { announce, describe, fieldError } from "./messages.js";
import { refreshTokens } from "./refresh.js";

let revoking: { token: TokenSummary; opener: HTMLElement } | null = null;

/** Asks before revoking: the token stops working at once, everywhere. */
export function openRevoke(token: TokenSummary, opener: HTMLElement): void {
  revoking = { token, opener };
  byId("revoke-text").textContent =
    `“${token.name}” (${token.masked}) stops working at once, in every integration that uses it.`;
  fieldError("revoke-error", "");
  dialogById("revoke-dialog").showModal();
  byId("revoke-cancel").focus();
}

export function wireRevokeDialog(): void {
  const dialog = dialogById("revoke-dialog");
  byId("revoke-cancel").addEventListener("click", () => dialog.close());
  byId("revoke-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!revoking) return;
    const { token } = revoking;
    const button = byId<HTMLButtonElement>("revoke-confirm");
    button.disabled = true;
    try {
      await api("DELETE", `/v1/tokens/${encodeURIComponent(token.keyId)}`);
      revoking = null;
      dialog.close();
      announce(`Revoked “${token.name}”. It is in the history for 90 days.`);
      await refreshTokens();
      byId("create-open").focus();
    } catch (err) {
      fieldError("revoke-error", describe(err));
    } finally {
      button.disabled = false;
    }
  });
  dialog.addEventListener("close", () => {
    // The opener may have left with the session: then the sign-in form keeps the focus.
    if (revoking && session.current) revoking.opener.focus();
    revoking = null;
  });
}
