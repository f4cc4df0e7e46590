/**
 * The manifest against the manifest schema (manifest/schema/: the add-in manifest's types as
 * Microsoft's reference and [MS-OWEMXML] define them, Runtimes included), validated by libxml2
 * (xmllint-wasm): the manifest as built, and as the add-in server renders it for another origin.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { renderManifest } from "../src/server/manifest.js";

const root = join(import.meta.dirname, "..");
const schemaFile = (name: string) => ({
  fileName: name,
  contents: readFileSync(join(root, "manifest/schema", name), "utf8"),
});
const template = readFileSync(join(root, "manifest/manifest.template.xml"), "utf8");

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [schemaFile("office-app-manifest.xsd")],
    preload: [schemaFile("basic-types.xsd"), schemaFile("taskpane-version-overrides.xsd")],
  });
  return result.errors.map((e) => e.rawMessage);
}

describe("manifest.xml against the manifest schema", () => {
  it("is valid as built (dist/manifest.xml)", async () => {
    expect(await schemaErrors(readFileSync(join(root, "dist/manifest.xml"), "utf8"))).toEqual([]);
  });

  it("is valid as the server renders it for a deployed origin and support page", async () => {
    const xml = renderManifest(template, {
      origin: "https://excel.layer.example",
      supportUrl: "https://help.layer.example/excel",
    });
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("fails where Office would refuse the manifest", async () => {
    const valid = renderManifest(template, { origin: "https://localhost:3000" });
    const broken = [
      valid.replace('lifetime="long"', 'lifetime="forever"'),
      valid.replace("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>Everything</Permissions>"),
      valid.replace(/<Version>[^<]+<\/Version>/, "<Version>one</Version>"),
      valid.replace('<SupportUrl DefaultValue="https://localhost:3000/support.html"/>', ""),
      valid.replace("<Runtimes>", "<Runtimes><Unknown/>"),
      valid.replace('<bt:Image size="16" resid="Icon.16x16"/>', '<bt:Image size="17" resid="Icon.16x16"/>'),
    ];
    // Dropping SupportUrl is allowed by the schema (it is optional); every other change is not.
    const errors = await Promise.all(broken.map(schemaErrors));
    expect(errors.map((e) => e.length > 0)).toEqual([true, true, true, false, true, true]);
  });
});
