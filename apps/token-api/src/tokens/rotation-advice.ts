import { EXPIRING_SOON_DAYS, type RotationAdvice } from "@layer/contracts";

const DAY_MS = 24 * 3600 * 1000;

/**
 * whoami's advice (docs/contract.md "Resources"): the steps follow the safe order of the product
 * documents: create the new token, switch the integration, only then revoke the old one.
 */
export function rotationAdvice(
  token: { legacy: boolean; expiresAt: Date | null; name: string },
  now: Date,
  accountUrl: string,
): RotationAdvice[] {
  const advice: RotationAdvice[] = [];
  const safeSteps = (what: string) => [
    `Create a new token on ${accountUrl} (or call POST /v1/tokens/self/rotate with this token).`,
    `Paste the new token into ${what} and check that it works.`,
    `Revoke the old token "${token.name}" once nothing uses it any more.`,
  ];
  if (token.legacy) {
    advice.push({
      reason: "legacy_token",
      message: "This is a legacy single-account token. Replace it with a named personal token.",
      daysLeft: null,
      steps: safeSteps("the integration that uses this legacy token"),
    });
  }
  if (token.expiresAt === null) {
    advice.push({
      reason: "no_expiration",
      message:
        "This token never expires. Prefer a token with an expiration (90 days or 1 year) and rotate it on a schedule.",
      daysLeft: null,
      steps: safeSteps("the integration"),
    });
  } else {
    const daysLeft = expiringSoonDaysLeft(token, now);
    if (daysLeft !== null) {
      advice.push({
        reason: "expiring_soon",
        message: `This token expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}. Rotate it before then to avoid an outage.`,
        daysLeft,
        steps: safeSteps("the integration"),
      });
    }
  }
  return advice;
}

/**
 * The only part of the advice that depends on the time: the days left of a token expiring soon,
 * null otherwise. For one token the advice is a function of this number alone (whoami keeps its
 * serialised advice per token and this number).
 */
export function expiringSoonDaysLeft(token: { expiresAt: Date | null }, now: Date): number | null {
  if (token.expiresAt === null) return null;
  const msLeft = token.expiresAt.getTime() - now.getTime();
  return msLeft <= EXPIRING_SOON_DAYS * DAY_MS ? Math.max(0, Math.ceil(msLeft / DAY_MS)) : null;
}
