import { badRequest, notImplemented } from "./errors.js";
import { compileFilter, type RowFilter } from "./filter.js";
import { foldFilter, foldOrderBy } from "./fold.js";
import type { EntitySetModel, PropertyModel } from "./model.js";

export interface OrderByItem {
  property: PropertyModel;
  descending: boolean;
}

export interface QueryOptions {
  /** Properties to return, in the entity type's order; all when $select is absent or `*`. */
  select: PropertyModel[];
  selectGiven: boolean;
  filter: RowFilter | null;
  orderBy: OrderByItem[];
  top: number | null;
  skip: number;
  count: boolean;
  skipToken: string | null;
  /** The options that shape the result, as sent: they ride along in every nextLink. */
  shaping: [string, string][];
  /** Folded: `$filter` and `$orderby` in the API's words, for the API to run (then `filter` is null). */
  apiFilter?: string | undefined;
  apiSort?: string | undefined;
}

/** System query options the proxy answers; any other `$` option is a 501. */
const SUPPORTED = new Set(["$select", "$filter", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format"]);
const SHAPING = new Set(["$select", "$filter", "$orderby", "$count"]);

/** The options that shape a result, as sent, in order: they bind a $skiptoken and ride along in nextLinks. */
export function shapingOptions(params: URLSearchParams): [string, string][] {
  return [...params].filter(([name]) => SHAPING.has(name));
}

/** `fold`: the API filters and sorts (a table); otherwise the proxy does (an entity set it answers itself). */
export function parseQueryOptions(params: URLSearchParams, set: EntitySetModel, fold = false): QueryOptions {
  const seen = new Map<string, string>();
  const shaping: [string, string][] = [];
  for (const [name, value] of params) {
    if (!name.startsWith("$")) continue;
    if (!SUPPORTED.has(name)) throw notImplemented(`The Layer OData proxy does not support ${name}.`, name);
    if (seen.has(name)) throw badRequest(`${name} is given more than once.`, name);
    seen.set(name, value);
    if (SHAPING.has(name)) shaping.push([name, value]);
  }
  const format = seen.get("$format");
  if (format !== undefined && !/^(json|application\/json(;.*)?)$/i.test(format)) {
    throw notImplemented("The Layer OData proxy answers JSON only ($format=json).", "$format");
  }
  const byName = new Map(set.properties.map((property) => [property.name, property]));
  const selectText = seen.get("$select");
  const select = parseSelect(selectText, set.properties, byName);
  const filterText = seen.get("$filter");
  const filterGiven = filterText !== undefined && filterText.trim() !== "";
  const filter = !filterGiven || fold ? null : compileFilter(filterText, set.properties);
  const orderBy = parseOrderBy(seen.get("$orderby"), byName);
  return {
    ...(fold
      ? { apiFilter: filterGiven ? foldFilter(filterText, set.properties) : undefined, apiSort: foldOrderBy(orderBy) }
      : {}),
    select,
    selectGiven: selectText !== undefined && selectText.trim() !== "*",
    filter,
    orderBy,
    top: parseCount("$top", seen.get("$top")),
    skip: parseCount("$skip", seen.get("$skip")) ?? 0,
    count: parseBoolean("$count", seen.get("$count")),
    skipToken: seen.get("$skiptoken") ?? null,
    shaping,
  };
}

function parseSelect(
  text: string | undefined,
  all: PropertyModel[],
  byName: Map<string, PropertyModel>,
): PropertyModel[] {
  if (text === undefined || text.trim() === "" || text.trim() === "*") return all;
  const wanted = new Set<string>();
  for (const item of text.split(",").map((part) => part.trim())) {
    if (item === "*") return all;
    if (!byName.has(item)) {
      if (/[/()]/.test(item)) throw notImplemented(`$select supports property names only, not "${item}".`, "$select");
      throw badRequest(`$select names ${item}, which is not a property of this entity set.`, "$select");
    }
    wanted.add(item);
  }
  return all.filter((property) => wanted.has(property.name));
}

function parseOrderBy(text: string | undefined, byName: Map<string, PropertyModel>): OrderByItem[] {
  if (text === undefined || text.trim() === "") return [];
  return text.split(",").map((part) => {
    const match = /^\s*([^\s]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const name = match?.[1];
    if (!match || name === undefined)
      throw notImplemented(`$orderby supports "property [asc|desc]" items only, not "${part.trim()}".`, "$orderby");
    const property = byName.get(name);
    if (!property) {
      if (/[/()]/.test(name)) throw notImplemented(`$orderby supports property names only, not "${name}".`, "$orderby");
      throw badRequest(`$orderby names ${name}, which is not a property of this entity set.`, "$orderby");
    }
    return { property, descending: match[2]?.toLowerCase() === "desc" };
  });
}

function parseCount(name: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d{1,15}$/.test(text.trim())) throw badRequest(`${name} must be a whole number of rows, 0 or more.`, name);
  return Number(text.trim());
}

function parseBoolean(name: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  const value = text.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  throw badRequest(`${name} must be true or false.`, name);
}
