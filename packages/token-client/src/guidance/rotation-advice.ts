import type { Whoami } from "@layer/contracts";
import { EXPIRING_SOON_DAYS } from "@layer/contracts/headers";
import { redactSecrets } from "../token/redact.js";
import { type ConnectorTool, createTokenUrl, suggestedTokenName } from "./account-links.js";
import type { SuccessorToken } from "../errors/layer-error.js";
import { daysLeft, timeLeft } from "./days-left.js";
import { failingToken } from "./failing-token.js";
import { oneLine } from "./one-line.js";

export type { ConnectorTool };
export type RotationReason = "expired" | "revoked" | "rotated" | "expiring_soon" | "legacy_token" | "no_expiration";

export interface RotationAdviceInput {
  /** Any one source: a whoami, an error from a call (only a 401 expired/revoked/rotated counts), or the X-Token-Expires-At value (null: never expires). */
  whoami?: {
    token: Pick<Whoami["token"], "name" | "keyId" | "legacy" | "expiresAt">;
    rotation?: Whoami["rotation"];
  } | null;
  error?: unknown;
  expiresAt?: string | null;
  tokenName?: string;
  keyId?: string;
  now: number;
  tool: ConnectorTool;
  documentName?: string;
  /** The account page, e.g. "http://127.0.0.1:8787/account/api". */
  accountUrl: string;
}

export interface RotationAdviceView {
  reason: RotationReason;
  severity: "error" | "warning" | "info";
  title: string;
  message: string;
  tokenName?: string;
  keyId?: string;
  daysLeft: number | null;
  /** `expiring_soon` from an expiry date: "5 hours", "45 minutes", "12 days" (reads after "expires in"); null otherwise. */
  expiresIn: string | null;
  /** `rotated`: the token that replaced this one. */
  successor?: SuccessorToken;
  suggestedName: string;
  createUrl: string;
  steps: string[];
}

/** Most urgent first: the view shows one advice, the one that needs acting on soonest. */
const PRIORITY: RotationReason[] = ["revoked", "rotated", "expired", "expiring_soon", "legacy_token", "no_expiration"];
const SEVERITY: Record<RotationReason, RotationAdviceView["severity"]> = {
  revoked: "error",
  rotated: "error",
  expired: "error",
  expiring_soon: "warning",
  legacy_token: "warning",
  no_expiration: "info",
};

interface Finding {
  reason: RotationReason;
  at?: string;
  daysLeft: number | null;
  expiresIn?: string;
  successor?: SuccessorToken;
}

/**
 * Structured advice for replacing a token, for a connector to render :
 * what is wrong, which token, and the steps in the safe order (new token first, old one revoked
 * last, so the connector never stands without a working token). Null when nothing needs doing.
 */
export function rotationAdvice(input: RotationAdviceInput): RotationAdviceView | null {
  const findings = [...fromError(input.error), ...fromWhoami(input.whoami, input.now)];
  if (input.expiresAt !== undefined) findings.push(...fromExpiry(input.expiresAt, input.now, false));
  const finding = PRIORITY.map((r) => findings.find((f) => f.reason === r)).find((f) => f !== undefined);
  if (!finding) return null;

  const err = failingToken(input.error);
  const tokenName = clean(input.tokenName ?? err?.tokenName ?? input.whoami?.token.name);
  const keyId = clean(input.keyId ?? err?.keyId ?? input.whoami?.token.keyId);
  const suggestedName = suggestedTokenName(input.tool, input.documentName);
  const createUrl = createTokenUrl(input.accountUrl, suggestedName);
  const view: RotationAdviceView = {
    reason: finding.reason,
    severity: SEVERITY[finding.reason],
    ...describe(finding, input.tool, tokenName, keyId),
    daysLeft: finding.daysLeft,
    expiresIn: finding.expiresIn ?? null,
    suggestedName,
    createUrl,
    steps: steps(finding, input.tool, suggestedName, tokenName, keyId),
  };
  if (finding.successor) view.successor = finding.successor;
  if (tokenName) view.tokenName = tokenName;
  if (keyId) view.keyId = keyId;
  return view;
}

function fromError(error: unknown): Finding[] {
  const d = failingToken(error);
  if (d?.reason === "expired") return [withAt({ reason: "expired", daysLeft: 0 }, d.expiredAt)];
  if (d?.reason === "revoked") return [withAt({ reason: "revoked", daysLeft: null }, d.revokedAt)];
  if (d?.reason === "rotated") {
    const f: Finding = { reason: "rotated", daysLeft: null };
    if (d.successor) f.successor = d.successor;
    return [f];
  }
  return [];
}

function fromWhoami(whoami: RotationAdviceInput["whoami"], now: number): Finding[] {
  if (!whoami?.token) return [];
  const out = fromExpiry(whoami.token.expiresAt, now, whoami.token.legacy);
  if (whoami.token.legacy) out.push({ reason: "legacy_token", daysLeft: null });
  // The server may know a reason this client does not compute (another threshold, a policy).
  for (const advice of whoami.rotation ?? []) {
    if (PRIORITY.includes(advice.reason) && !out.some((f) => f.reason === advice.reason)) {
      out.push({ reason: advice.reason, daysLeft: advice.daysLeft });
    }
  }
  return out;
}

function fromExpiry(expiresAt: string | null | undefined, now: number, legacy: boolean): Finding[] {
  if (expiresAt === null) return legacy ? [] : [{ reason: "no_expiration", daysLeft: null }];
  if (typeof expiresAt !== "string") return [];
  const days = daysLeft(expiresAt, now);
  if (days === null) return [];
  if (days === 0) return [withAt({ reason: "expired", daysLeft: 0 }, expiresAt)];
  if (days > EXPIRING_SOON_DAYS) return [];
  const soon = withAt({ reason: "expiring_soon", daysLeft: days }, expiresAt);
  const left = timeLeft(expiresAt, now);
  if (left) soon.expiresIn = left;
  return [soon];
}

function withAt(f: Finding, at: string | undefined): Finding {
  if (at) f.at = at;
  return f;
}

function clean(s: string | undefined): string | undefined {
  if (typeof s !== "string") return undefined;
  const out = redactSecrets(oneLine(s));
  return out === "" ? undefined : out;
}

function day(iso: string | undefined): string {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : "";
}

function describe(
  f: Finding,
  tool: string,
  name: string | undefined,
  keyId: string | undefined,
): { title: string; message: string } {
  const which = name ? `The token "${name}"${keyId ? ` (${keyId})` : ""}` : keyId ? `The token ${keyId}` : "This token";
  const on = day(f.at) ? ` on ${day(f.at)}` : "";
  switch (f.reason) {
    case "expired":
      return {
        title: "Your Layer token has expired",
        message: `${which} expired${on}. ${tool} cannot refresh data until you replace it.`,
      };
    case "revoked":
      return {
        title: "Your Layer token was revoked",
        message: `${which} was revoked${on} and cannot be used again. Create a new token to reconnect ${tool}.`,
      };
    case "rotated": {
      const next = f.successor ? ` by ${successorLabel(f.successor)}` : "";
      return {
        title: "Your Layer token was replaced",
        message: `${which} was regenerated and replaced${next}; its overlap has ended, so it no longer works. Connect ${next ? "that token" : "the new token"} to ${tool}.`,
      };
    }
    case "expiring_soon": {
      // From a date: the unit that reads right; from the server's advice alone: its whole days.
      const n = f.daysLeft ?? 0;
      const when = f.expiresIn ? `in ${f.expiresIn}` : n <= 1 ? "within a day" : `in ${n} days`;
      return {
        title: `Your Layer token expires ${when}`,
        message: `${which} expires ${when}${on ? ` (${day(f.at)})` : ""}. Replace it now so ${tool} keeps refreshing.`,
      };
    }
    case "legacy_token":
      return {
        title: "You are using a legacy Layer token",
        message: `${which} is an old account-wide token without a name. Replace it with a named token for ${tool}, which you can rotate and revoke on its own.`,
      };
    case "no_expiration":
      return {
        title: "Your Layer token never expires",
        message: `${which} never expires, so a leaked copy would work forever. Replace it with a token that expires in 90 days.`,
      };
  }
}

function steps(
  finding: Finding,
  tool: string,
  suggestedName: string,
  name: string | undefined,
  keyId: string | undefined,
): string[] {
  const reason = finding.reason;
  const old = name ? `"${name}"${keyId ? ` (${keyId})` : ""}` : (keyId ?? "");
  if (reason === "rotated") {
    // The successor's secret was shown once, to whoever regenerated: it may be at hand already.
    const next = finding.successor ? successorLabel(finding.successor) : "the new token";
    return [
      `Paste the token ${next} into ${tool} and verify it: its secret was shown once, when the token was regenerated.`,
      `If nobody kept it, create a new token named "${suggestedName}" on your Layer account page (the link fills in the form) and paste that one instead.`,
      `Once it verifies, save it: ${tool} switches to it.`,
    ];
  }
  const out = [
    `Create a new token named "${suggestedName}" on your Layer account page (the link fills in the form, expiring in 90 days) and copy it: it is shown only once.`,
    `Paste the new token into ${tool} and verify it.`,
    `Once it verifies, save it: ${tool} switches to the new token.`,
  ];
  // A revoked token is already dead; any other is revoked last, once nothing depends on it.
  if (reason !== "revoked") out.push(`Then revoke the old token${old ? ` ${old}` : ""} on the account page.`);
  return out;
}

/** The token that replaced a regenerated one, as the advice names it: `"Excel - Budget" (KEYID)`. */
function successorLabel(successor: SuccessorToken): string {
  return `"${clean(successor.name) ?? successor.keyId}" (${successor.keyId})`;
}
