import { PageApiError, session } from "./api.js";
import { renderExpiringBanner } from "./expiring-banner.js";
import { renderHistory } from "./history.js";
import { loadHolders } from "./holders.js";
import { describe, showAlert } from "./messages.js";
import { renderTokens, rowActions } from "./token-list.js";
import { readTokens } from "./token-store.js";

/** Draws the token list, the history and the expiry banner from the tokens last read. */
export function renderTokenViews(): void {
  renderTokens();
  renderHistory();
  renderExpiringBanner((token, opener) => rowActions().regenerate(token, opener));
}

/**
 * Reads everything a token change can alter and redraws it: the lists, the banner and, for
 * owners, who holds tokens (the user's own change shows there at once, not on the next reload).
 */
export async function refreshTokens(): Promise<void> {
  const signedIn = session.current;
  const tokensRead = readTokens().then(renderTokenViews, (err: unknown) => {
    if (!(err instanceof PageApiError && err.status === 401)) showAlert(describe(err));
  });
  await Promise.all([tokensRead, signedIn ? loadHolders(signedIn) : undefined]);
}
