import { SETTING_DOCS, SETTINGS } from "./config.js";

/** Where the generated table sits in the repository's README. */
export const TABLE_START =
  "<!-- settings-table: generated from apps/token-api/src/config.ts by `npm run settings-table` -->";
export const TABLE_END = "<!-- /settings-table -->";

function shown(value: unknown): string {
  if (value === undefined) return "unset";
  return `\`${Array.isArray(value) ? value.join(",") : String(value)}\``;
}

/** The token API's settings as a Markdown table, in the schema's order, from its docs and defaults. */
export function settingsTable(): string {
  const defaults = SETTINGS.parse({});
  const rows = Object.entries(SETTINGS.shape).map(([name, schema]) => {
    const doc = SETTING_DOCS.get(schema);
    if (!doc) throw new Error(`${name} has no description in config.ts`);
    const fallback = doc.shownDefault ?? shown(defaults[name as keyof typeof defaults]);
    return `| \`${name}\` | ${fallback} | ${doc.description.replaceAll("|", "\\|")} |`;
  });
  return ["| setting | default | what it does |", "| --- | --- | --- |", ...rows].join("\n");
}

/** The README with its settings table regenerated; throws when the README lacks the markers. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`the README has no "${TABLE_START}" … "${TABLE_END}" block`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}
