// The custom connector as shipped: every .pq parsed by Microsoft's Power Query parser, checks over
// its syntax tree (what Power Query requires of a connector), and the .mez that `npm run build` produced.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SCOPE_DESCRIPTIONS } from "@layer/contracts/token-access";
import { DefaultSettings, TaskUtils } from "@microsoft/powerquery-parser";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const connectorDir = join(root, "connector");

type MNode = { kind: string; [key: string]: unknown };

function isNode(value: unknown): value is MNode {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string";
}

/** Every node below `node`, depth first. */
function* walk(node: unknown): Generator<MNode> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  if (isNode(node)) yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === "tokenRange") continue;
    yield* walk(value);
  }
}

async function parse(text: string): Promise<MNode> {
  const task = await TaskUtils.tryLexParse(DefaultSettings, text);
  if (!TaskUtils.isOk(task)) {
    throw new Error(`Layer.pq does not parse: ${TaskUtils.isError(task) ? task.error.message : "unknown"}`);
  }
  if (!("ast" in task)) throw new Error("no syntax tree");
  return task.ast as unknown as MNode;
}

function elements(wrapper: unknown): MNode[] {
  const items = (wrapper as { elements?: unknown[] }).elements ?? [];
  return items.map((item) => (isNode(item) && item.kind === "Csv" ? (item.node as MNode) : (item as MNode)));
}

function sectionMembers(section: MNode): Map<string, MNode> {
  const members = new Map<string, MNode>();
  for (const member of elements(section.sectionMembers)) {
    const pair = member.namePairedExpression as { key: { literal: string } };
    members.set(pair.key.literal, member);
  }
  return members;
}

/** The fields of a record literal: name → value node. */
function recordFields(node: MNode): Map<string, MNode> {
  expect(node.kind).toBe("RecordExpression");
  const fields = new Map<string, MNode>();
  for (const pair of elements(node.content)) {
    const key = (pair.key as { literal: string }).literal;
    fields.set(key, pair.value as MNode);
  }
  return fields;
}

function memberValue(members: Map<string, MNode>, name: string): MNode {
  const member = members.get(name);
  if (!member) throw new Error(`Layer.pq has no member ${name}`);
  return (member.namePairedExpression as { value: MNode }).value;
}

/** Calls of `functionName` anywhere below `node`, as their argument lists. */
function invocations(node: MNode, functionName: string): MNode[][] {
  const calls: MNode[][] = [];
  for (const candidate of walk(node)) {
    if (candidate.kind !== "RecursivePrimaryExpression") continue;
    const head = candidate.head as MNode;
    if (head.kind !== "IdentifierExpression" || (head.identifier as { literal: string }).literal !== functionName)
      continue;
    const [first] = elements(candidate.recursiveExpressions);
    if (first?.kind === "InvokeExpression") calls.push(elements(first.content));
  }
  return calls;
}

function identifiers(node: MNode): string[] {
  return [...walk(node)]
    .filter((n) => n.kind === "Identifier" || n.kind === "GeneralizedIdentifier")
    .map((n) => n.literal as string);
}

const pqFiles = readdirSync(connectorDir).filter((name) => name.endsWith(".pq"));
const source = readFileSync(join(connectorDir, "Layer.pq"), "utf8");

describe("Layer.pq", () => {
  it.each(pqFiles)("%s parses with @microsoft/powerquery-parser", async (name) => {
    const ast = await parse(readFileSync(join(connectorDir, name), "utf8"));
    expect(ast.kind).toBe("Section");
  });

  it("is section Layer with a shared Layer.Contents of DataSource.Kind Layer", async () => {
    const ast = await parse(source);
    expect((ast.name as { literal: string }).literal).toBe("Layer");
    const members = sectionMembers(ast);
    const contents = members.get("Layer.Contents");
    expect(contents?.sharedConstant).toBeDefined();
    const attributes = [...walk(contents?.literalAttributes)].filter(
      (n) => n.kind === "GeneralizedIdentifierPairedAnyLiteral",
    );
    const attribute = (name: string) =>
      (
        attributes.find((n) => (n.key as { literal: string }).literal === name)?.value as
          | { literal?: string }
          | undefined
      )?.literal;
    expect(attribute("DataSource.Kind")).toBe('"Layer"');
    expect(attribute("Publish")).toBe('"Layer.Publish"');
    expect(members.has("Layer.Publish")).toBe(true);
    expect([...members.entries()].filter(([, m]) => m.sharedConstant !== undefined).map(([name]) => name)).toEqual([
      "Layer.Contents",
    ]);
  });

  it("authenticates with a Key credential and can test its connection", async () => {
    const members = sectionMembers(await parse(source));
    const kind = recordFields(memberValue(members, "Layer"));
    const authentication = recordFields(kind.get("Authentication") as MNode);
    expect([...authentication.keys()]).toEqual(["Key"]);
    expect(kind.get("TestConnection")?.kind).toBe("FunctionExpression");
    expect(identifiers(kind.get("TestConnection") as MNode)).toContain("dataSourcePath");
    expect(
      JSON.stringify(
        [...walk(kind.get("TestConnection"))].filter((n) => n.kind === "LiteralExpression").map((n) => n.literal),
      ),
    ).toContain("Layer.Contents");
  });

  it("sends the key as X-Api-Key with ManualCredentials to a static base URL with RelativePath and Query", async () => {
    const ast = await parse(source);
    const members = sectionMembers(ast);
    const baseUrl = memberValue(members, "BaseUrl");
    expect(baseUrl.kind).toBe("LiteralExpression");
    expect(baseUrl.literalKind).toBe("Text");
    const calls = invocations(ast, "Web.Contents");
    expect(calls.length).toBeGreaterThan(0);
    for (const [url, options] of calls) {
      // The URL is the constant itself, never a concatenation: the service refreshes only static URLs.
      expect(url?.kind).toBe("IdentifierExpression");
      expect((url?.identifier as { literal: string } | undefined)?.literal).toBe("BaseUrl");
      const fields = recordFields(options as MNode);
      expect(fields.has("RelativePath")).toBe(true);
      expect(fields.has("Query")).toBe(true);
      expect(fields.get("ManualCredentials")?.literal).toBe("true");
      expect(fields.has("IsRetry")).toBe(true);
      // The fixed headers, joined (&) with Layer-Organization when the user chose an organization.
      const headerNode = fields.get("Headers") as MNode;
      const headers = recordFields(
        headerNode.kind === "RecordExpression"
          ? headerNode
          : [...walk(headerNode)].find(
              (n) => n.kind === "RecordExpression" && JSON.stringify(n).includes("X-Api-Key"),
            )!,
      );
      const apiKey = headers.get('#"X-Api-Key"') as MNode;
      expect(invocations({ kind: "Wrapper", apiKey } as MNode, "Extension.CurrentCredential")).toHaveLength(1);
      const manual = elements((fields.get("ManualStatusHandling") as MNode).content).map((n) => n.literal);
      expect(manual).toEqual(expect.arrayContaining(["401", "429", "503"]));
    }
  });

  it("retries through Value.WaitFor honouring Retry-After, bounded", async () => {
    const ast = await parse(source);
    expect(invocations(ast, "Value.WaitFor")).toHaveLength(1);
    const waitFor = memberValue(sectionMembers(ast), "Value.WaitFor");
    expect(invocations(waitFor, "Function.InvokeAfter")).toHaveLength(1);
    expect(identifiers(waitFor)).toContain("RetryAfter");
    expect(identifiers(waitFor)).toContain("maxAttempts");
    const retryAfter = memberValue(sectionMembers(ast), "Layer.RetryAfterSeconds");
    expect(JSON.stringify([...walk(retryAfter)].map((n) => n.literal))).toContain('"\\"retry-after\\""');
  });

  it("turns 401 into a credential error and KILL_SWITCH into an error that is not retried", async () => {
    const ast = await parse(source);
    const attempt = memberValue(sectionMembers(ast), "Layer.Attempt");
    const credentialErrors = invocations(attempt, "Extension.CredentialError");
    expect(credentialErrors).toHaveLength(1);
    expect(
      ((credentialErrors[0]?.[0] as MNode | undefined)?.identifier as { literal: string } | undefined)?.literal,
    ).toBe("Credential.AccessDenied");
    // The kill switch branch raises before the retry branch is considered.
    const text = source.slice(source.indexOf("Layer.Attempt ="));
    expect(text.indexOf('"KILL_SWITCH"')).toBeGreaterThan(0);
    expect(text.indexOf('"KILL_SWITCH"')).toBeLessThan(text.indexOf("[RetryAfter = retryAfter"));
    expect(identifiers(memberValue(sectionMembers(ast), "Layer.RotationMessage"))).toEqual(
      expect.arrayContaining(["name", "keyId"]),
    );
  });

  it("builds a navigation table of projects, then tables, typed from the schema and paged to the last page", async () => {
    const ast = await parse(source);
    const members = sectionMembers(ast);
    expect(invocations(memberValue(members, "Layer.NavigationTable"), "Table.ToNavigationTable")).toHaveLength(1);
    expect(invocations(memberValue(members, "Layer.ProjectTables"), "Table.ToNavigationTable")).toHaveLength(1);
    const rows = memberValue(members, "Layer.TableRows");
    expect(invocations(rows, "Table.GenerateByPage")).toHaveLength(1);
    expect(invocations(rows, "Value.ReplaceType").length).toBeGreaterThan(0);
    expect(identifiers(rows)).toEqual(expect.arrayContaining(["NextCursor", "nextCursor", "cursor"]));
    const typeNames = JSON.stringify(
      [...walk(memberValue(members, "Layer.ColumnType"))].map((n) => n.literal ?? n.primitiveTypeKind),
    );
    for (const apiType of ["string", "number", "boolean", "date", "datetime"])
      expect(typeNames).toContain(`\\"${apiType}\\"`);
    for (const mType of ["text", "number", "logical", "date", "datetimezone"])
      expect(typeNames).toContain(`"${mType}"`);
  });

  it("puts a Token status entry first in the navigator, built from /v1/whoami, lazily and without the key", async () => {
    const ast = await parse(source);
    const members = sectionMembers(ast);
    const navigation = memberValue(members, "Layer.NavigationTable");
    expect(invocations(navigation, "Layer.TokenStatus")).toHaveLength(1);
    const labels = invocations(navigation, "Extension.LoadString").map(([name]) => name?.literal);
    expect(labels).toContain('"TokenStatusLabel"');
    expect(readFileSync(join(connectorDir, "resources.resx"), "utf8")).toMatch(
      /<data name="TokenStatusLabel"[^>]*>\s*<value>Token status<\/value>/,
    );
    // The status row is in the list before the projects' rows.
    const combined = invocations(navigation, "List.Combine");
    expect(combined).toHaveLength(1);
    expect(identifiers(combined[0]![0]!)).toEqual(["status", "rows"]);

    const status = memberValue(members, "Layer.TokenStatus");
    const gets = invocations(status, "Layer.Get");
    expect(gets).toHaveLength(1);
    expect(elements((gets[0]![1] as MNode).content).map((n) => n.literal)).toEqual(['"v1"', '"whoami"']);
    // Name, expiry, days left and the advice's message and steps, as typed columns of one row.
    const columns = [...walk(status)]
      .filter((n) => n.kind === "FieldSpecification")
      .map((n) => (n.name as { literal: string }).literal);
    expect(columns).toEqual([
      "Name",
      "KeyId",
      "ExpiresAt",
      "DaysLeft",
      "Status",
      "Warning",
      "Message",
      "RotationSteps",
      "RotateUrl",
      "Access",
      "Projects",
      "Organization",
      "Organizations",
    ]);
    expect(identifiers(status)).toEqual(
      expect.arrayContaining(["whoami", "name", "keyId", "expiresAt", "rotation", "message", "steps", "daysLeft"]),
    );
    expect(invocations(status, "Layer.MostUrgentAdvice")).toHaveLength(1);
    expect(invocations(status, "Extension.CurrentCredential")).toHaveLength(0);
    expect(JSON.stringify([...walk(status)].map((n) => n.literal))).toContain('"\\"no_expiration\\""');

    const urgency = JSON.stringify(
      [...walk(memberValue(members, "Layer.MostUrgentAdvice"))].map((n) => n.literal).filter(Boolean),
    );
    const order = ["expired", "revoked", "rotated", "expiring_soon", "legacy_token", "no_expiration"].map((reason) =>
      urgency.indexOf(`\\"${reason}\\"`),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("takes an optional organization, sends it as Layer-Organization on every request, and keeps it out of the data source path", async () => {
    const ast = await parse(source);
    const members = sectionMembers(ast);
    const contentsType = JSON.stringify([...walk(memberValue(members, "Layer.ContentsType"))]);
    // Optional: a report made without one refreshes as before, and one credential serves every organization.
    expect(contentsType).toContain('"constantKind":"optional"');
    expect(identifiers(memberValue(members, "Layer.ContentsType"))).toEqual(
      expect.arrayContaining(["organization", "Documentation.FieldCaption", "Documentation.FieldDescription"]),
    );
    const attempt = memberValue(members, "Layer.Attempt");
    expect(identifiers(attempt)).toContain('#"Layer-Organization"');
    // Every call to the API carries the organization through.
    for (const [first] of invocations(ast, "Layer.Get")) {
      expect((first?.identifier as { literal: string } | undefined)?.literal).toBe("organization");
    }
  });

  it("asks for another token on a 403 FORBIDDEN_SCOPE, in the contract's words for each scope", async () => {
    const ast = await parse(source);
    const attempt = source.slice(source.indexOf("Layer.Attempt ="));
    expect(attempt).toMatch(/status = 403 and failure\[code\] = "FORBIDDEN_SCOPE"/);
    const scopeMessage = memberValue(sectionMembers(ast), "Layer.ScopeMessage");
    const literals = [...walk(scopeMessage)].map((n) => n.literal).filter((l): l is string => typeof l === "string");
    // M cannot import the contract: the words are held to it here.
    for (const [scope, words] of Object.entries(SCOPE_DESCRIPTIONS)) {
      expect(literals).toContain(JSON.stringify(scope));
      expect(literals).toContain(JSON.stringify(words));
    }
    expect(identifiers(memberValue(sectionMembers(ast), "Layer.RotationMessage"))).toEqual(
      expect.arrayContaining(["successor"]),
    );
  });

  it("holds no token and loads every string it shows from resources.resx", async () => {
    expect(source).not.toMatch(/lp_(live|test)_[0-9A-HJKMNP-TV-Z]{16}_/);
    expect(source).not.toMatch(/layer_[0-9a-f]{64}/);
    const resx = readFileSync(join(connectorDir, "resources.resx"), "utf8");
    const ast = await parse(source);
    for (const [argument] of invocations(ast, "Extension.LoadString")) {
      const name = JSON.parse(String(argument?.literal)) as string;
      expect(resx).toContain(`<data name="${name}"`);
    }
  });
});

describe("Layer.mez", () => {
  const mez = unzipSync(new Uint8Array(readFileSync(join(root, "dist", "Layer.mez"))));

  it("holds the section document, its resources and the icons", () => {
    expect(Object.keys(mez).sort()).toEqual(
      [
        "Layer.pq",
        "resources.resx",
        "[Content_Types].xml",
        ...[16, 20, 24, 32, 40, 48, 64].map((s) => `Layer${s}.png`),
      ].sort(),
    );
  });

  it("packs a Layer.pq that parses and a PNG of the declared size for each icon", async () => {
    const packed = new TextDecoder().decode(mez["Layer.pq"]);
    expect((await parse(packed)).kind).toBe("Section");
    for (const size of [16, 20, 24, 32, 40, 48, 64]) {
      const png = Buffer.from(mez[`Layer${size}.png`] as Uint8Array);
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(size);
      expect(png.readUInt32BE(20)).toBe(size);
    }
    for (const match of packed.matchAll(/Extension\.Contents\("([^"]+)"\)/g))
      expect(mez[match[1] as string]).toBeDefined();
  });
});

describe("npm run build with LAYER_API_URL", () => {
  type BuildScript = { connectorSource(apiUrl?: string, options?: { allowHttp?: boolean }): string };
  const script = join(root, "scripts", "build-mez.mjs");
  const load = async () => (await import(script)) as BuildScript;

  it("writes the URL as the BaseUrl literal and nothing else changes", async () => {
    const { connectorSource } = await load();
    const built = connectorSource("https://api.layer.example/base");
    const members = sectionMembers(await parse(built));
    expect(memberValue(members, "BaseUrl").literal).toBe('"https://api.layer.example/base/"');
    expect(built.replace(/^BaseUrl = .*$/m, "")).toBe(source.replace(/^BaseUrl = .*$/m, ""));
  });

  it("refuses a URL that would carry a query, a fragment or credentials", async () => {
    const { connectorSource } = await load();
    for (const url of [
      "https://api.example/?key=1",
      "https://user:pw@api.example/",
      "ftp://api.example/",
      "https://api.example/#x",
    ]) {
      expect(() => connectorSource(url), url).toThrow();
    }
  });

  it("refuses plain HTTP to any host but this machine's loopback unless asked for explicitly", async () => {
    const { connectorSource } = await load();
    for (const url of ["http://localhost:8787", "http://127.0.0.1:8787/", "http://[::1]:8787"])
      expect(() => connectorSource(url), url).not.toThrow();
    expect(() => connectorSource("http://10.0.0.5:8787")).toThrow(/plain HTTP.*LAYER_ALLOW_HTTP=1/s);
    expect(
      memberValue(sectionMembers(await parse(connectorSource("http://10.0.0.5:8787", { allowHttp: true }))), "BaseUrl")
        .literal,
    ).toBe('"http://10.0.0.5:8787/"');
  });

  it("fails the build step of `npm run build` for http://10.0.0.5:8787 with a message that says why, and writes no .mez", () => {
    const mez = join(root, "dist", "Layer.mez");
    const before = readFileSync(mez);
    const env: NodeJS.ProcessEnv = { ...process.env, LAYER_API_URL: "http://10.0.0.5:8787" };
    delete env["LAYER_ALLOW_HTTP"];
    const run = spawnSync(process.execPath, [script], { env, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Refusing to build Layer.mez for http://10.0.0.5:8787");
    expect(run.stderr).toContain("https://");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(mez).equals(before)).toBe(true);
  });
});
