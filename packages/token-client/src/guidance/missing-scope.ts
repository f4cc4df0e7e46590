import { ACCESS_SCOPES, type AccessLevel, SCOPE_DESCRIPTIONS } from "@layer/contracts/token-access";

/** What a 403 `FORBIDDEN_SCOPE` means for a person: what the token may not do, and which token would. */
export interface MissingScope {
  /** The contract's scope, e.g. `tokens:rotate-self`. */
  scope: string;
  /** What the scope allows, in words that follow "this token may not": "rotate itself". */
  may: string;
  /** The access level to pick on the account page for a token that has the scope. */
  access: AccessLevel;
  /** The whole sentence, for hosts that say it as it is. */
  sentence: string;
}

const ACCESS_WORDS: Record<AccessLevel, string> = { read: "read-only", "read-write": "read-write" };

/**
 * The missing scope of a 403, said the one way every connector says it. A scope this client does
 * not know yet (a newer API) is named as it is and asks for the widest access.
 */
export function missingScope(scope: string | null | undefined): MissingScope | null {
  if (typeof scope !== "string" || scope === "") return null;
  const known = (SCOPE_DESCRIPTIONS as Record<string, string | undefined>)[scope];
  const may = typeof known === "string" ? known : `use the scope ${scope}`;
  // The narrowest access that grants it: a read-only token is what a dashboard should hold.
  const access: AccessLevel = ACCESS_SCOPES.read.some((s) => s === scope) ? "read" : "read-write";
  const sentence = `This token may not ${may} (it lacks the scope ${scope}); create a token with ${ACCESS_WORDS[access]} access on the account page.`;
  return { scope, may, access, sentence };
}
