/*
 * The custom functions as Excel sees them. custom-functions-metadata reads the JSDoc below to
 * generate functions.json (scripts/build.mjs), so these comments are the functions' contract:
 * change a parameter here and the metadata follows.
 */
import type { LayerFunctions } from "./layer-functions.js";

let impl: LayerFunctions | null = null;

/** Called once by the runtime's entry point with functions bound to the shared session. */
export function useLayerFunctions(functions: LayerFunctions): void {
  impl = functions;
}

function functions(): LayerFunctions {
  if (!impl) throw new Error("The Layer add-in is still starting.");
  return impl;
}

/**
 * Rows of a Layer table with a header row, spilled from this cell.
 * @customfunction TABLE
 * @param project Project id, for example "prj_acme_tower".
 * @param table Table id, for example "tbl_orders".
 * @param [fields] Column names separated by commas; every column when left out.
 * @param [limit] Most rows to return: 1000 when left out, at most 50000.
 * @returns The header row and the rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: custom-functions-metadata turns this any[][] into a matrix of any cell type
export async function layerTable(project: string, table: string, fields?: string, limit?: number): Promise<any[][]> {
  return functions().table(project, table, fields, limit);
}

/**
 * The connected Layer token's name and the days left before it expires.
 * @customfunction TOKEN
 * @returns The token's name and days to expiry.
 */
export async function layerToken(): Promise<string> {
  return functions().token();
}
