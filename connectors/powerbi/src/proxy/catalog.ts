import type { LayerClient } from "@layer/token-client";
import type { TableSummary } from "@layer/contracts";
import { notFound } from "../odata/errors.js";
import { catalog, entitySetModel, type EntitySetModel, type EntitySetRef } from "../odata/model.js";

/** The entity sets this token sees, named from the project and table lists. */
export async function entitySetRefs(client: LayerClient): Promise<EntitySetRef[]> {
  const { projects } = await client.listProjects();
  const lists = await Promise.all(projects.map((project) => client.listTables(project.id)));
  const tables: TableSummary[] = lists.flatMap((list) => list.tables);
  return catalog(projects, tables);
}

/** Every entity set with its schema, for `$metadata`. */
export async function entitySetModels(client: LayerClient): Promise<EntitySetModel[]> {
  const refs = await entitySetRefs(client);
  const schemas = await Promise.all(refs.map((ref) => client.getTable(ref.projectId, ref.tableId)));
  return refs.map((ref, index) => entitySetModel(ref, schemas[index]!));
}

/** One entity set by name, with its schema and the table's row count. */
export async function findEntitySet(
  client: LayerClient,
  name: string,
): Promise<{ model: EntitySetModel; rowCount: number }> {
  const ref = (await entitySetRefs(client)).find((candidate) => candidate.name === name);
  if (!ref)
    throw notFound(
      `There is no entity set ${name}, or this token cannot see it. The service document lists the ones it can.`,
    );
  const schema = await client.getTable(ref.projectId, ref.tableId);
  return { model: entitySetModel(ref, schema), rowCount: schema.rowCount };
}

/** An entity set a $skiptoken already located: only its schema is read. */
export async function entitySetAt(
  client: LayerClient,
  name: string,
  table: { projectId: string; tableId: string },
): Promise<{ model: EntitySetModel; rowCount: number }> {
  const schema = await client.getTable(table.projectId, table.tableId);
  const ref: EntitySetRef = {
    name,
    projectId: table.projectId,
    projectName: "",
    tableId: table.tableId,
    tableName: schema.name,
  };
  return { model: entitySetModel(ref, schema), rowCount: schema.rowCount };
}
