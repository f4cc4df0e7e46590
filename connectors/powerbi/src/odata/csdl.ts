import type { EntitySetModel } from "./model.js";

export const NAMESPACE = "Layer";
export const CONTAINER = "Container";

const CAPABILITIES_VOCABULARY =
  "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml";

/** The functions a `$filter` may use: the Layer API runs them (docs/filters.md), so they fold. */
export const FILTER_FUNCTIONS = [
  "contains",
  "startswith",
  "endswith",
  "tolower",
  "toupper",
  "length",
  "year",
  "month",
  "day",
  "hour",
  "minute",
  "second",
  "date",
] as const;

/**
 * What every entity set folds into one API request (Org.OData.Capabilities.V1), so that Power
 * Query sends `$filter`, `$orderby` and `$count` instead of reading everything and doing it itself.
 */
const CAPABILITIES = [
  ["FilterRestrictions", "Filterable"],
  ["SortRestrictions", "Sortable"],
  ["CountRestrictions", "Countable"],
].map(
  ([term, property]) =>
    `          <Annotation Term="Org.OData.Capabilities.V1.${term}"><Record><PropertyValue Property="${property}" Bool="true"/></Record></Annotation>`,
);

/** The `$metadata` document (CSDL XML 4.0): one entity type and one entity set per table. */
export function metadataDocument(entitySets: EntitySetModel[]): string {
  const types = entitySets.map((set) => {
    const properties = set.properties.map((property) => {
      const facets = property.edmType === "Edm.Decimal" ? ' Scale="variable"' : "";
      return `        <Property Name="${xml(property.name)}" Type="${property.edmType}"${facets} Nullable="${property.nullable}"/>`;
    });
    return [
      `      <EntityType Name="${xml(set.name)}">`,
      `        <Key><PropertyRef Name="${xml(set.key.name)}"/></Key>`,
      ...properties,
      "      </EntityType>",
    ].join("\n");
  });
  const sets = entitySets.map((set) =>
    [
      `        <EntitySet Name="${xml(set.name)}" EntityType="${NAMESPACE}.${xml(set.name)}">`,
      ...CAPABILITIES,
      "        </EntitySet>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    `  <edmx:Reference Uri="${CAPABILITIES_VOCABULARY}">`,
    '    <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/>',
    "  </edmx:Reference>",
    "  <edmx:DataServices>",
    `    <Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types,
    `      <EntityContainer Name="${CONTAINER}">`,
    '        <Annotation Term="Org.OData.Capabilities.V1.FilterFunctions">',
    `          <Collection>${FILTER_FUNCTIONS.map((f) => `<String>${f}</String>`).join("")}</Collection>`,
    "        </Annotation>",
    ...sets,
    "      </EntityContainer>",
    "    </Schema>",
    "  </edmx:DataServices>",
    "</edmx:Edmx>",
    "",
  ].join("\n");
}

/** The service document (OData JSON Format 4.01 §5). */
export function serviceDocument(serviceRoot: string, entitySets: { name: string }[]): object {
  return {
    "@odata.context": `${serviceRoot}/$metadata`,
    value: entitySets.map((set) => ({ name: set.name, kind: "EntitySet", url: set.name })),
  };
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
