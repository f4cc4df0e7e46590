import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "./config.js";
import { settingsTable, withSettingsTable } from "./settings-table.js";

const README = fileURLToPath(new URL("../../../README.md", import.meta.url));

describe("the README's settings table", () => {
  it("is the one generated from the settings schema (else: npm run settings-table)", () => {
    const readme = readFileSync(README, "utf8");
    expect(withSettingsTable(readme), "README.md differs from config.ts: run `npm run settings-table`").toBe(readme);
  });

  it("has a row for every setting, with its default, and the ones a first user asks about", () => {
    const table = settingsTable();
    for (const name of Object.keys(SETTINGS.shape)) expect(table).toContain(`| \`${name}\` |`);
    expect(table).toContain("| `PORT` | `8787` |");
    expect(table).toContain("| `PUBLIC_URL` | `http://127.0.0.1:<PORT>` |");
    expect(table).toContain("| `CORS_ORIGINS` | `https://localhost:3000,https://127.0.0.1:3000` |");
    expect(table).toContain("| `LOG_LEVEL` | `info` |");
    expect(table).toContain("| `SEED_ORDERS_ROWS` | `250000` |");
    expect(table).toMatch(/\| `HOST` \| `127\.0\.0\.1` \| [^|]*\*\*Warning:\*\*/);
    // Nothing machine-specific: the data directory is shown as the repository path.
    expect(table).toContain("| `LAYER_DATA_DIR` | `apps/token-api/.data` |");
  });

  it("refuses a README without the table's markers rather than append one somewhere", () => {
    expect(() => withSettingsTable("# no table here")).toThrow(/no "<!-- settings-table/);
  });
});
