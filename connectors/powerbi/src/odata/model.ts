import type { ColumnType, Project, TableSchema, TableSummary } from "@layer/contracts";
import { IdentifierScope } from "./identifiers.js";

/** Where an entity set's rows live in the API. Names depend on every visible table, so the
 * catalog is computed from the project and table lists alone (no schema calls). */
export interface EntitySetRef {
  name: string;
  projectId: string;
  projectName: string;
  tableId: string;
  tableName: string;
}

export interface PropertyModel {
  /** The OData identifier. */
  name: string;
  /** The API's column name. */
  column: string;
  type: ColumnType;
  edmType: EdmType;
  nullable: boolean;
  isKey: boolean;
}

export interface EntitySetModel extends EntitySetRef {
  key: PropertyModel;
  properties: PropertyModel[];
}

export type EdmType = "Edm.String" | "Edm.Double" | "Edm.Decimal" | "Edm.Boolean" | "Edm.Date" | "Edm.DateTimeOffset";

/**
 * API column type → EDM type. `number` is a JSON number, an IEEE 754 double, so Edm.Double holds
 * every value exactly and claims no precision the API never promised; Edm.Decimal would also
 * refuse values beyond its range. A key cannot be Edm.Double (CSDL 4.01 §8.3 lists the key
 * types), so a number key is Edm.Decimal with Scale="variable", which still holds every double's
 * JSON text exactly.
 */
export function edmType(type: ColumnType, isKey: boolean): EdmType {
  switch (type) {
    case "string":
      return "Edm.String";
    case "number":
      return isKey ? "Edm.Decimal" : "Edm.Double";
    case "boolean":
      return "Edm.Boolean";
    case "date":
      return "Edm.Date";
    case "datetime":
      return "Edm.DateTimeOffset";
  }
}

/** The entity sets a token sees: one per table, named `<project>_<table>`, unique case-insensitively. */
export function catalog(projects: Project[], tables: TableSummary[]): EntitySetRef[] {
  const projectById = new Map(projects.map((project) => [project.id, project]));
  const ordered = [...tables].sort((a, b) =>
    a.projectId === b.projectId ? compareText(a.id, b.id) : compareText(a.projectId, b.projectId),
  );
  const scope = new IdentifierScope();
  const refs: EntitySetRef[] = [];
  for (const table of ordered) {
    const project = projectById.get(table.projectId);
    if (!project) continue;
    refs.push({
      name: scope.claim(`${project.name} ${table.name}`),
      projectId: project.id,
      projectName: project.name,
      tableId: table.id,
      tableName: table.name,
    });
  }
  return refs;
}

export function entitySetModel(ref: EntitySetRef, schema: TableSchema): EntitySetModel {
  const scope = new IdentifierScope();
  const properties = schema.columns.map((column): PropertyModel => {
    const isKey = column.name === schema.primaryKey;
    return {
      name: scope.claim(column.name),
      column: column.name,
      type: column.type,
      edmType: edmType(column.type, isKey),
      nullable: column.nullable && !isKey,
      isKey,
    };
  });
  const key = properties.find((property) => property.isKey);
  if (!key) throw new Error(`table ${schema.id} names a primary key ${schema.primaryKey} it does not have`);
  return { ...ref, key, properties };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
