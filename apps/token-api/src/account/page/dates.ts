const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
export const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A table cell with the date (full date and time on hover), or `emptyText` without one. */
export function timeCell(iso: string | null, emptyText: string): HTMLTableCellElement {
  const td = document.createElement("td");
  td.className = "when";
  if (!iso) {
    td.textContent = emptyText;
    return td;
  }
  const time = document.createElement("time");
  time.dateTime = iso;
  time.title = fullFormat.format(new Date(iso));
  time.textContent = dateFormat.format(new Date(iso));
  td.append(time);
  return td;
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
