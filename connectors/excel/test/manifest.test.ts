import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderManifest } from "../src/server/manifest.js";
// @ts-expect-error plain ESM build script without types
import { ICON_SIZES } from "../scripts/icons.mjs";

const root = join(import.meta.dirname, "..");
const ORIGIN = "https://localhost:3000";
const template = readFileSync(join(root, "manifest/manifest.template.xml"), "utf8");

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  isArray: (name) => ["Url", "Image", "String", "Set", "Runtime", "AppDomain", "ExtensionPoint"].includes(name),
});

function manifest(origin = ORIGIN, supportUrl?: string) {
  return parser.parse(renderManifest(template, { origin, supportUrl })).OfficeApp as Node;
}
// biome-ignore lint/suspicious/noExplicitAny: a walk through parsed XML of any shape
const get = (node: unknown, path: string): any =>
  path.split(".").reduce<unknown>((n, k) => (n == null ? n : (n as Record<string, unknown>)[k]), node);

describe("manifest.xml", () => {
  const app = manifest();
  const host = get(app, "VersionOverrides.Hosts.Host");
  const resources = get(app, "VersionOverrides.Resources");
  const urls = new Map<string, string>(get(resources, "Urls.Url").map((u: Node) => [u["@id"], u["@DefaultValue"]]));
  const images = new Map<string, string>(
    get(resources, "Images.Image").map((u: Node) => [u["@id"], u["@DefaultValue"]]),
  );
  const shortStrings = new Map<string, string>(
    get(resources, "ShortStrings.String").map((u: Node) => [u["@id"], u["@DefaultValue"]]),
  );

  it("is a task pane add-in for workbooks that requires the shared runtime", () => {
    expect(app["@type"]).toBe("TaskPaneApp");
    expect(get(app, "Hosts.Host.@Name")).toBe("Workbook");
    const sets = get(app, "Requirements.Sets.Set") as Node[];
    expect(sets).toContainEqual({ "@Name": "SharedRuntime", "@MinVersion": "1.1" });
    expect(get(host, "Runtimes.Runtime")).toEqual([{ "@resid": "Taskpane.Url", "@lifetime": "long" }]);
  });

  it("declares custom functions in the LAYER namespace, running in the task pane's page", () => {
    const cf = (get(host, "AllFormFactors.ExtensionPoint") as Node[]).find((e) => e["@type"] === "CustomFunctions")!;
    expect(shortStrings.get(get(cf, "Namespace.@resid"))).toBe("LAYER");
    expect(get(cf, "Page.SourceLocation.@resid")).toBe("Taskpane.Url");
    expect(urls.get(get(cf, "Script.SourceLocation.@resid"))).toBe(`${ORIGIN}/taskpane.js`);
    expect(urls.get(get(cf, "Metadata.SourceLocation.@resid"))).toBe(`${ORIGIN}/functions.json`);
    expect(get(host, "DesktopFormFactor.FunctionFile.@resid")).toBe("Taskpane.Url");
  });

  it("serves every page, script and icon from one HTTPS origin that AppDomains lists", () => {
    const all = [
      ...urls.values(),
      ...images.values(),
      get(app, "IconUrl.@DefaultValue"),
      get(app, "HighResolutionIconUrl.@DefaultValue"),
      get(app, "DefaultSettings.SourceLocation.@DefaultValue"),
    ];
    for (const url of all) expect(new URL(url).origin).toBe(ORIGIN);
    expect(get(app, "AppDomains.AppDomain")).toEqual([ORIGIN]);
    expect(get(app, "DefaultSettings.SourceLocation.@DefaultValue")).toBe(urls.get("Taskpane.Url"));
  });

  it("points its icons at sizes the build draws", () => {
    const files = [
      ...images.values(),
      get(app, "IconUrl.@DefaultValue"),
      get(app, "HighResolutionIconUrl.@DefaultValue"),
    ].map((u: string) => new URL(u).pathname);
    for (const file of files) expect(ICON_SIZES.map((s: number) => `/assets/icon-${s}.png`)).toContain(file);
    for (const size of [16, 32, 80]) expect([...images.keys()]).toContain(`Icon.${size}x${size}`);
  });

  it("resolves every resid it uses", () => {
    const xml = renderManifest(template, { origin: ORIGIN });
    const known = new Set([
      ...urls.keys(),
      ...images.keys(),
      ...shortStrings.keys(),
      ...get(resources, "LongStrings.String").map((s: Node) => s["@id"]),
    ]);
    for (const [, id] of xml.matchAll(/resid="([^"]+)"/g)) expect(known).toContain(id);
  });

  it("is read by Microsoft's own manifest reader (office-addin-manifest) as built", async () => {
    const { OfficeAddinManifest } = await import("office-addin-manifest");
    const info = await OfficeAddinManifest.readManifestFile(join(root, "dist/manifest.xml"));
    const built = process.env.ADDIN_ORIGIN ?? `https://localhost:${process.env.ADDIN_PORT ?? 3000}`;
    expect(info).toMatchObject({
      officeAppType: "TaskPaneApp",
      hosts: ["Workbook"],
      appDomains: [built],
      manifestType: "xml",
    });
    expect(info.defaultSettings?.sourceLocation).toBe(`${built}/taskpane.html`);
  });

  it("follows the shared-runtime guidance: one task pane, so no command names a TaskpaneId", () => {
    expect(get(host, "Runtimes.Runtime")[0]["@lifetime"]).toBe("long");
    const xml = renderManifest(template, { origin: ORIGIN });
    expect(xml).not.toMatch(/<TaskpaneId>/);
    const surface = (get(host, "DesktopFormFactor.ExtensionPoint") as Node[]).find(
      (e) => e["@type"] === "PrimaryCommandSurface",
    );
    const action = get(surface, "OfficeTab.Group.Control.Action");
    expect(action["@type"]).toBe("ShowTaskpane");
    expect(urls.get(get(action, "SourceLocation.@resid"))).toBe(urls.get("Taskpane.Url"));
  });

  it("points SupportUrl and Learn more at a support page, not the task pane, or at ADDIN_SUPPORT_URL", () => {
    expect(get(app, "SupportUrl.@DefaultValue")).toBe(`${ORIGIN}/support.html`);
    expect(urls.get(get(host, "DesktopFormFactor.GetStarted.LearnMoreUrl.@resid"))).toBe(`${ORIGIN}/support.html`);
    const custom = manifest(ORIGIN, "https://help.example.com/layer/excel?from=addin&v=1");
    expect(get(custom, "SupportUrl.@DefaultValue")).toBe("https://help.example.com/layer/excel?from=addin&v=1");
    expect(() => manifest(ORIGIN, "http://help.example.com")).toThrow(/ADDIN_SUPPORT_URL must be an https address/);
    expect(readFileSync(join(root, "dist/support.html"), "utf8")).toMatch(/Where the token is kept/);
  });

  it("follows the configured origin and refuses one that is not bare https", () => {
    expect(get(manifest("https://addin.example.com"), "AppDomains.AppDomain")).toEqual(["https://addin.example.com"]);
    expect(() => manifest("http://localhost:3000")).toThrow(/https origin/);
    expect(() => manifest("https://localhost:3000/path")).toThrow(/https origin/);
  });
});
