import type { AccountSession } from "@layer/contracts";
import { api, session } from "./api.js";
import { openCreate } from "./create-dialog.js";
import type { CreateRequest } from "./create-link.js";
import { byId, inputById } from "./dom.js";
import { announce, describe, fieldError, showAlert } from "./messages.js";
import { refreshTokens } from "./refresh.js";
import { forgetSecret } from "./secret-dialog.js";
import { stopSessionWatch, watchSession } from "./session-watch.js";
import { selectTab } from "./tabs.js";

/** The create link's parameters, kept until the user is signed in (connectors send users here to rotate). */
export const pending: { create: CreateRequest | null } = { create: null };

export function showSignIn(message: string): void {
  session.current = null;
  stopSessionWatch();
  // A modal dialog left open would sit over the sign-in form and keep it from being used; closing
  // the secret's dialog also takes the secret out of the page.
  for (const dialog of document.querySelectorAll<HTMLDialogElement>("dialog[open]")) dialog.close();
  forgetSecret();
  byId("account").hidden = true;
  byId("account-nav").hidden = true;
  byId("sign-in").hidden = false;
  showAlert("");
  fieldError("sign-in-error", message);
  byId("email").focus();
}

export async function showAccount(signedIn: AccountSession): Promise<void> {
  session.current = signedIn;
  byId("sign-in").hidden = true;
  byId("account").hidden = false;
  byId("account-nav").hidden = false;
  byId("signed-in-as").textContent = `${signedIn.user.name} (${signedIn.user.email})`;
  byId("profile-name").textContent = signedIn.user.name;
  byId("profile-email").textContent = signedIn.user.email;
  byId("profile-orgs").replaceChildren(
    ...signedIn.organizations.map((o) => {
      const li = document.createElement("li");
      li.textContent = `${o.name} (${o.role})`;
      return li;
    }),
  );
  selectTab("tab-api", false);
  watchSession(signedIn.expiresAt);
  await refreshTokens();
  if (pending.create) {
    const prefill = pending.create;
    pending.create = null;
    // Drop the parameters so a reload does not open the dialog again.
    history.replaceState(null, "", location.pathname);
    openCreate(prefill);
  } else {
    byId("account-title").focus?.();
  }
}

export function wireSignInAndOut(): void {
  byId("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const email = inputById("email").value.trim();
    const password = inputById("password").value;
    if (!email || !password) return fieldError("sign-in-error", "Enter your email and password.");
    const button = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (button) button.disabled = true;
    fieldError("sign-in-error", "");
    try {
      const signedIn = await api<AccountSession>("POST", "/v1/session", { email, password });
      inputById("password").value = "";
      announce(`Signed in as ${signedIn.user.name}.`);
      await showAccount(signedIn);
    } catch (err) {
      fieldError("sign-in-error", describe(err));
    } finally {
      if (button) button.disabled = false;
    }
  });

  for (const b of document.querySelectorAll<HTMLElement>(".demo-user")) {
    b.addEventListener("click", () => {
      inputById("email").value = b.dataset["email"] ?? "";
      byId("password").focus();
    });
  }

  byId("sign-out").addEventListener("click", async () => {
    try {
      await api("DELETE", "/v1/session");
    } catch {
      // Signed out either way: the cookie is cleared by the server or already gone.
    }
    announce("Signed out.");
    showSignIn("");
  });
}
