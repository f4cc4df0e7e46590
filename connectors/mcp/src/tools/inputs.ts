import { z } from "zod";

// Ids as the API spells them; the API itself decides whether they exist for this token.
const id = (what: string, example: string) => z.string().min(1).max(200).describe(`The ${what} id, e.g. "${example}".`);

export const projectId = id("project", "prj_acme_tower");
export const tableId = id("table", "tbl_orders");

/** A tool's own organization: narrows that call; the server's setting (LAYER_ORGANIZATION) otherwise. */
export const organization = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, "an organization id such as org_acme")
  .optional()
  .describe(
    "Only this organization's projects, e.g. \"org_acme\" (token_status lists the organizations). Default: the server's LAYER_ORGANIZATION setting, else every organization of the token's owner.",
  );
