import { timeLeftInWords } from "@layer/contracts/token-access";
import { labelledCell } from "./dom.js";

const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
export const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A <time> with the date (full date and time on hover). */
export function timeElement(iso: string, text = dateFormat.format(new Date(iso))): HTMLTimeElement {
  const time = document.createElement("time");
  time.dateTime = iso;
  time.title = fullFormat.format(new Date(iso));
  time.textContent = text;
  return time;
}

/** A table cell with the date, or `emptyText` without one. */
export function timeCell(label: string, iso: string | null, emptyText: string): HTMLTableCellElement {
  const td = labelledCell(label, "when");
  if (iso) td.append(timeElement(iso));
  else td.textContent = emptyText;
  return td;
}

/** A table cell saying how long ago (the exact time on hover), or "Never". */
export function agoCell(label: string, iso: string | null): HTMLTableCellElement {
  const td = labelledCell(label, "when");
  if (iso) td.append(timeElement(iso, relative(iso)));
  else td.textContent = "Never";
  return td;
}

/** "in 3 days", "in 5 hours": the API's wording for what is left before an expiry. */
export function expiresIn(iso: string, now = Date.now()): string {
  return `in ${timeLeftInWords(new Date(iso).getTime() - now)}`;
}

const UNITS: [string, number][] = [
  ["year", 31536000],
  ["month", 2592000],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 days ago", "just now". */
export function relative(iso: string): string {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "just now";
  for (const [unit, size] of UNITS) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
    }
  }
  return "just now";
}
