import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM build script without types
import { generateFunctionsJson } from "../scripts/functions-json.mjs";
import { associateLayerFunctions } from "../src/functions/register.js";

const root = join(import.meta.dirname, "..");
const built = join(root, "dist/functions.json");

afterEach(() => {
  delete (globalThis as Record<string, unknown>).CustomFunctions;
});

describe("functions.json", () => {
  it("is exactly what custom-functions-metadata generates from the functions' JSDoc", async () => {
    expect(existsSync(built), "run npm run build first").toBe(true);
    const fresh = await (generateFunctionsJson as (f: string) => Promise<string>)(
      join(root, "src/functions/functions.ts"),
    );
    expect(readFileSync(built, "utf8")).toBe(fresh);
  });

  it("declares TABLE(project, table, [fields], [limit], [filter]) as a spilling matrix and TOKEN() as text", () => {
    const { functions } = JSON.parse(readFileSync(built, "utf8")) as {
      functions: { id: string; parameters: { name: string; optional?: boolean }[]; result: Record<string, string> }[];
    };
    const table = functions.find((f) => f.id === "TABLE")!;
    expect(table.parameters.map((p) => [p.name, p.optional === true])).toEqual([
      ["project", false],
      ["table", false],
      ["fields", true],
      ["limit", true],
      ["filter", true],
    ]);
    expect(table.result.dimensionality).toBe("matrix");
    expect(functions.find((f) => f.id === "TOKEN")!.result.type).toBe("string");
  });

  it("has an associate call for every id it declares, and no other", () => {
    const ids: string[] = [];
    (globalThis as Record<string, unknown>).CustomFunctions = { associate: (id: string) => ids.push(id) };
    associateLayerFunctions();
    const declared = (JSON.parse(readFileSync(built, "utf8")) as { functions: { id: string }[] }).functions.map(
      (f) => f.id,
    );
    expect(ids.sort()).toEqual(declared.sort());
  });
});
