import type { TokenList, TokenSummary } from "@layer/contracts";
import { api } from "./api.js";
import { byId, element } from "./dom.js";
import { fieldError } from "./messages.js";

/**
 * The active tokens already called `name` (ignoring case and outer spaces): two tokens of one name
 * cannot be told apart in an integration's settings, so the page asks before adding another.
 */
export async function tokensNamed(name: string): Promise<TokenSummary[]> {
  const wanted = name.trim().toLowerCase();
  const { tokens } = await api<TokenList>("GET", `/v1/tokens?name=${encodeURIComponent(name.trim())}`);
  return tokens.filter((t) => t.name.trim().toLowerCase() === wanted);
}

/** The name the user already confirmed despite a token of that name existing. */
let confirmedDuplicate: string | null = null;

export function clearDuplicateWarning(): void {
  confirmedDuplicate = null;
  fieldError("create-duplicate", "");
  byId("create-submit").textContent = "Generate";
}

/**
 * Asks once before a second token of the same name; true when the user may go on. Where one token
 * has that name, regenerating it is offered instead: the usual reason for a second one is a
 * replacement (a connector's create link after an expiry).
 */
export async function confirmedName(name: string, regenerateInstead: (token: TokenSummary) => void): Promise<boolean> {
  if (confirmedDuplicate === name) return true;
  const same = await tokensNamed(name);
  if (!same.length) return true;
  confirmedDuplicate = name;
  const warning = byId("create-duplicate");
  warning.replaceChildren(
    `You already have ${same.length === 1 ? "a token" : `${same.length} tokens`} named “${name}”. ` +
      "Integrations show only the name, so two are hard to tell apart. Choose another name, or select Generate anyway.",
  );
  const [only] = same;
  if (same.length === 1 && only && !only.rotatedTo) {
    const instead = element("button", "link", `Regenerate “${only.name}” instead`);
    instead.type = "button";
    instead.addEventListener("click", () => regenerateInstead(only));
    warning.append(" ", instead);
  }
  warning.hidden = false;
  byId("create-submit").textContent = "Generate anyway";
  return false;
}
