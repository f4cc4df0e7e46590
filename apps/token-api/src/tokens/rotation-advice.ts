import { EXPIRING_SOON_DAYS, type RotationAdvice, timeLeftInWords } from "@layer/contracts";

const DAY_MS = 24 * 3600 * 1000;

/**
 * whoami's advice (docs/contract.md "Resources"): the steps follow the safe order of the product
 * documents: get the new token, switch the integration, only then let the old one go. Regenerating
 * does all three with an overlap; a token that may rotate itself is told it can.
 */
export function rotationAdvice(
  token: { legacy: boolean; expiresAt: Date | null; name: string; scopes: readonly string[] },
  now: Date,
  accountUrl: string,
): RotationAdvice[] {
  const advice: RotationAdvice[] = [];
  const selfRotate = token.scopes.includes("tokens:rotate-self")
    ? " (or call POST /v1/tokens/self/rotate with this token)"
    : "";
  const regenerateSteps = (what: string) => [
    `Regenerate "${token.name}" on ${accountUrl}${selfRotate}, with an overlap during which the old token keeps working.`,
    `Paste the new token into ${what} and check that it works.`,
    `The old token stops working when the overlap ends; revoke it sooner on ${accountUrl} once nothing uses it.`,
  ];
  if (token.legacy) {
    advice.push({
      reason: "legacy_token",
      message: "This is a legacy single-account token. Replace it with a named personal token.",
      daysLeft: null,
      steps: [
        `Create a named token on ${accountUrl}${selfRotate}.`,
        "Paste the new token into the integration that uses this legacy token and check that it works.",
        `Revoke the legacy token on ${accountUrl} once nothing uses it any more.`,
      ],
    });
  }
  if (token.expiresAt === null) {
    advice.push({
      reason: "no_expiration",
      message:
        "This token never expires. Prefer a token with an expiration (90 days or 1 year) and rotate it on a schedule.",
      daysLeft: null,
      steps: regenerateSteps("the integration"),
    });
  } else {
    const daysLeft = expiringSoonDaysLeft(token, now);
    if (daysLeft !== null) {
      const msLeft = token.expiresAt.getTime() - now.getTime();
      advice.push({
        reason: "expiring_soon",
        message: `This token expires in ${timeLeftInWords(msLeft)}. Regenerate it before then to avoid an outage.`,
        daysLeft,
        steps: regenerateSteps("the integration"),
      });
    }
  }
  return advice;
}

/**
 * The only part of the advice that depends on the time: the days left of a token expiring soon,
 * null otherwise (its wording also reads the minutes and hours left under a day).
 */
export function expiringSoonDaysLeft(token: { expiresAt: Date | null }, now: Date): number | null {
  if (token.expiresAt === null) return null;
  const msLeft = token.expiresAt.getTime() - now.getTime();
  return msLeft <= EXPIRING_SOON_DAYS * DAY_MS ? Math.max(0, Math.ceil(msLeft / DAY_MS)) : null;
}
