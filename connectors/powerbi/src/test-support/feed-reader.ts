// Reads the proxy as Power BI's OData.Feed does: the service document, $metadata through a real
// CSDL parser, then every entity set followed through every @odata.nextLink.
import { parse as parseEdmx } from "@sap-ux/edmx-parser";

export interface FeedEntitySet {
  name: string;
  key: string[];
  properties: { name: string; type: string; nullable: boolean }[];
}

export interface FeedPage {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export function basicAuth(token: string, user = "powerbi"): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${token}`).toString("base64")}` };
}

export async function getJson(url: string, headers: Record<string, string>): Promise<FeedPage> {
  const res = await fetch(url, { headers: { Accept: "application/json", "OData-MaxVersion": "4.0", ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
}

export async function readMetadata(serviceUrl: string, headers: Record<string, string>): Promise<FeedEntitySet[]> {
  const res = await fetch(`${serviceUrl}/$metadata`, { headers: { Accept: "application/xml", ...headers } });
  if (res.status !== 200) throw new Error(`$metadata answered ${res.status}`);
  if (res.headers.get("odata-version") !== "4.0") throw new Error("$metadata lacks OData-Version: 4.0");
  const edmx = parseEdmx(await res.text());
  return edmx.schema.entitySets.map((set) => {
    const type = edmx.schema.entityTypes.find((candidate) => candidate.fullyQualifiedName === set.entityTypeName);
    if (!type) throw new Error(`entity set ${set.name} names a type $metadata lacks`);
    return {
      name: set.name,
      key: type.keys.map((key) => key.name),
      properties: type.entityProperties.map((p) => ({ name: p.name, type: p.type, nullable: p.nullable !== false })),
    };
  });
}

/** Every row of a collection URL, following nextLinks; checks each link stays absolute and on the same host. */
export async function readAll(
  url: string,
  headers: Record<string, string>,
): Promise<{ rows: Record<string, unknown>[]; pages: number; count?: number }> {
  const rows: Record<string, unknown>[] = [];
  const origin = new URL(url).origin;
  let next: string | undefined = url;
  let pages = 0;
  let count: number | undefined;
  while (next !== undefined) {
    const page = await getJson(next, headers);
    if (page.status !== 200) throw new Error(`${next} answered ${page.status}: ${JSON.stringify(page.body)}`);
    if (page.headers.get("odata-version") !== "4.0") throw new Error("a page lacks OData-Version: 4.0");
    pages++;
    if (pages === 1 && typeof page.body["@odata.count"] === "number") count = page.body["@odata.count"];
    rows.push(...(page.body["value"] as Record<string, unknown>[]));
    const link = page.body["@odata.nextLink"];
    if (link !== undefined) {
      if (typeof link !== "string" || new URL(link).origin !== origin)
        throw new Error(`nextLink ${String(link)} is not absolute on ${origin}`);
      next = link;
    } else {
      next = undefined;
    }
  }
  return count === undefined ? { rows, pages } : { rows, pages, count };
}

/** A value as Power BI would read it for its EDM type; throws when it does not fit. */
export function checkType(type: string, nullable: boolean, value: unknown): void {
  if (value === null) {
    if (!nullable) throw new Error(`null in a non-nullable ${type}`);
    return;
  }
  const ok =
    type === "Edm.String"
      ? typeof value === "string"
      : type === "Edm.Double" || type === "Edm.Decimal"
        ? typeof value === "number" && Number.isFinite(value)
        : type === "Edm.Boolean"
          ? typeof value === "boolean"
          : type === "Edm.Date"
            ? typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
            : type === "Edm.DateTimeOffset"
              ? typeof value === "string" &&
                /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
                !Number.isNaN(Date.parse(value))
              : false;
  if (!ok) throw new Error(`${JSON.stringify(value)} is not a valid ${type}`);
}
