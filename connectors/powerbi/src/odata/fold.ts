import { type Column, checkFilter, FilterError, formatFilter, parseFilter } from "@layer/contracts";
import { badRequest, notImplemented } from "./errors.js";
import type { PropertyModel } from "./model.js";
import type { OrderByItem } from "./query-options.js";

/**
 * `$filter` and `$orderby` handed to the Layer API (query folding): the API's filter language is
 * OData's, so a `$filter` is read by the API's own parser, checked against the entity's
 * properties, and written back with the API's column names. What the API cannot run (arithmetic,
 * `any`/`all`, other functions, other literal forms) is a 501; a property that does not exist or
 * a type mismatch is the client's error, a 400.
 */
export function foldFilter(text: string, properties: PropertyModel[]): string {
  const byName = new Map(properties.map((p) => [p.name, p]));
  const fail = (error: unknown, unsupported: boolean): never => {
    if (!(error instanceof FilterError)) throw error;
    throw unsupported
      ? notImplemented(`This $filter is not one the Layer API can run (${error.message}).`, "$filter")
      : badRequest(`$filter: ${error.message}`, "$filter");
  };
  let node: ReturnType<typeof parseFilter>;
  try {
    node = parseFilter(text);
  } catch (error) {
    return fail(error, true);
  }
  const columns: Column[] = properties.map((p) => ({ name: p.name, type: p.type, nullable: p.nullable }));
  try {
    checkFilter(node, columns);
  } catch (error) {
    return fail(error, error instanceof FilterError && /unknown function|must be a text value/.test(error.problem));
  }
  return formatFilter(node, (name) => byName.get(name)?.column ?? name);
}

/** `$orderby` as the API's sort: the same columns and directions (nulls first ascending in both). */
export function foldOrderBy(items: OrderByItem[]): string | undefined {
  if (items.length === 0) return undefined;
  return items
    .map(({ property, descending }) => `"${property.column.replace(/"/g, '""')}"${descending ? " desc" : ""}`)
    .join(",");
}
