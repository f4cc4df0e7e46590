import type { TokenExpiration } from "@layer/contracts";
import { customExpiryProblem } from "@layer/contracts/token-access";
import { checkedValue } from "./dom.js";

/**
 * The expiry a create or regenerate form asks for. A custom date means "works until the end of
 * that day" in the user's time zone, so the token stops at the next local midnight.
 */
export type ExpiryRequest = { expiresIn: TokenExpiration } | { expiresAt: string } | Record<string, never>;

export type ExpiryReading = { ok: true; request: ExpiryRequest } | { ok: false; message: string };

/** YYYY-MM-DD of a local day, as a date input reads and writes it. */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today up to the day before the same date next year: the token then stops at most a year ahead. */
export function customDayRange(now: Date): { min: string; max: string } {
  const last = new Date(now.getFullYear() + 1, now.getMonth(), now.getDate() - 1);
  return { min: localDay(now), max: localDay(last) };
}

/** The local midnight that ends the chosen day. */
export function endOfDay(day: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, date + 1);
}

const dateInput = (fieldset: HTMLElement) => fieldset.querySelector<HTMLInputElement>('input[type="date"]')!;
const customBox = (fieldset: HTMLElement) => fieldset.querySelector<HTMLElement>(".custom-date")!;

/** Shows the date input only while "Custom date" is chosen, with today's bounds. */
export function syncExpiryChoice(fieldset: HTMLElement, now = new Date()): void {
  const custom = checkedValue(fieldset, "expiresIn") === "custom";
  customBox(fieldset).hidden = !custom;
  const input = dateInput(fieldset);
  const { min, max } = customDayRange(now);
  input.min = min;
  input.max = max;
  input.required = custom;
}

export function wireExpiryChoice(fieldset: HTMLElement): void {
  for (const radio of fieldset.querySelectorAll<HTMLInputElement>('input[name="expiresIn"]')) {
    radio.addEventListener("change", () => {
      syncExpiryChoice(fieldset);
      if (radio.value === "custom" && radio.checked) dateInput(fieldset).focus();
    });
  }
}

/** What the form asks for, or why the chosen date cannot be used (checked here before the API does). */
export function readExpiryChoice(fieldset: HTMLElement, now = new Date()): ExpiryReading {
  const choice = checkedValue(fieldset, "expiresIn");
  if (choice === "same" || choice === "") return { ok: true, request: {} };
  if (choice !== "custom") return { ok: true, request: { expiresIn: choice as TokenExpiration } };
  const day = dateInput(fieldset).value;
  const { min, max } = customDayRange(now);
  const lastDay = new Date(endOfDay(max).getTime() - 1).toLocaleDateString(undefined, { dateStyle: "medium" });
  if (!day) return { ok: false, message: "Choose the last day the token works, or another expiration." };
  if (day < min) return { ok: false, message: "Choose today or a later day: a token cannot expire in the past." };
  if (day > max) return { ok: false, message: `Choose a day within the next year: ${lastDay} at the latest.` };
  const expiresAt = endOfDay(day);
  const problem = customExpiryProblem(expiresAt, now);
  if (problem) return { ok: false, message: problem };
  return { ok: true, request: { expiresAt: expiresAt.toISOString() } };
}
