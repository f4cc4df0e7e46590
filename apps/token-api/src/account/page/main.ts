// The account page's API tab. Plain DOM, no framework and no CDN (the machine may be offline).
// User data only ever enters the DOM through textContent/value, never as HTML.
import type { AccountSession } from "@layer/contracts";
import { api, PageApiError, whenSessionEnds } from "./api.js";
import { wireCreateDialog } from "./create-dialog.js";
import { readCreateLink } from "./create-link.js";
import { describe, showAlert } from "./messages.js";
import { renderTokenViews } from "./refresh.js";
import { openRegenerate, wireRegenerateDialog } from "./regenerate-dialog.js";
import { startRename } from "./rename.js";
import { openRevoke, wireRevokeDialog } from "./revoke-dialog.js";
import { wireSecretDialog } from "./secret-dialog.js";
import { pending, showAccount, showSignIn, wireSignInAndOut } from "./session.js";
import { wireSessionWatch } from "./session-watch.js";
import { wireTabs } from "./tabs.js";
import { setRowActions, wireFilter } from "./token-list.js";

pending.create = readCreateLink();
whenSessionEnds(showSignIn);
setRowActions({ rename: startRename, regenerate: openRegenerate, revoke: openRevoke });
wireSignInAndOut();
wireSessionWatch();
wireTabs();
wireFilter(renderTokenViews);
wireRevokeDialog();
wireRegenerateDialog();
wireCreateDialog();
wireSecretDialog();

async function start(): Promise<void> {
  try {
    await showAccount(await api<AccountSession>("GET", "/v1/session"));
  } catch (err) {
    if (err instanceof PageApiError && err.status === 401) {
      showSignIn(pending.create ? "Sign in to create the token you were sent here for." : "");
    } else {
      showSignIn("");
      showAlert(describe(err));
    }
  }
}

void start();
