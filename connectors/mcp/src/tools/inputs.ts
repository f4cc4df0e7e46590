import { z } from "zod";

// Ids as the API spells them; the API itself decides whether they exist for this token.
const id = (what: string, example: string) => z.string().min(1).max(200).describe(`The ${what} id, e.g. "${example}".`);

export const projectId = id("project", "prj_acme_tower");
export const tableId = id("table", "tbl_orders");
