import { createHash } from "node:crypto";
import { badRequest } from "./errors.js";

/**
 * Where the next page starts. Opaque to clients (base64url JSON): the API's own cursor of the
 * upstream page, how many of that page's rows were already answered, and what is left of
 * $skip and $top. A digest of the query binds it to the request that produced it.
 */
export interface PagingState {
  /** The API cursor of the upstream page to read next; null for the first page. */
  cursor: string | null;
  /** Rows of that upstream page already consumed. */
  offset: number;
  /** Matching rows still to skip ($skip, or the position in a sorted result). */
  skip: number;
  /** Rows still to return ($top); null for no limit. */
  remaining: number | null;
  /** @odata.count computed on the first page, when $count=true. */
  count: number | null;
}

/**
 * The table a skiptoken pages through and the columns asked of the API, so a nextLink needs no
 * catalog lookup and can ask for its first rows while the schema is read (the API still
 * authorizes every page).
 */
export interface TableAddress {
  projectId: string;
  tableId: string;
  fields: string[] | null;
}

interface Envelope extends PagingState, TableAddress {
  v: 1;
  q: string;
}

export function queryDigest(entitySet: string, shaping: [string, string][]): string {
  const text = JSON.stringify([entitySet, ...shaping.filter(([name]) => name !== "$count")]);
  return createHash("sha256").update(text).digest("base64url").slice(0, 16);
}

export function encodeSkipToken(state: PagingState, digest: string, table: TableAddress): string {
  const envelope: Envelope = {
    v: 1,
    q: digest,
    projectId: table.projectId,
    tableId: table.tableId,
    fields: table.fields,
    ...state,
  };
  return Buffer.from(JSON.stringify(envelope), "utf8").toString("base64url");
}

export function decodeSkipToken(token: string, digest: string): { state: PagingState; table: TableAddress } {
  let envelope: Partial<Envelope>;
  try {
    envelope = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<Envelope>;
  } catch {
    throw invalid();
  }
  if (
    typeof envelope !== "object" ||
    envelope === null ||
    envelope.v !== 1 ||
    !(envelope.cursor === null || typeof envelope.cursor === "string") ||
    !isCount(envelope.offset) ||
    !isCount(envelope.skip) ||
    !(envelope.remaining === null || isCount(envelope.remaining)) ||
    !(envelope.count === null || isCount(envelope.count)) ||
    typeof envelope.projectId !== "string" ||
    typeof envelope.tableId !== "string" ||
    !(
      envelope.fields === null ||
      (Array.isArray(envelope.fields) && envelope.fields.every((f) => typeof f === "string"))
    )
  ) {
    throw invalid();
  }
  if (envelope.q !== digest) {
    throw badRequest(
      "This $skiptoken belongs to a different query: follow @odata.nextLink exactly as it was given.",
      "$skiptoken",
    );
  }
  return {
    state: {
      cursor: envelope.cursor,
      offset: envelope.offset,
      skip: envelope.skip,
      remaining: envelope.remaining,
      count: envelope.count,
    },
    table: { projectId: envelope.projectId, tableId: envelope.tableId, fields: envelope.fields },
  };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function invalid() {
  return badRequest(
    "This $skiptoken is not one the Layer OData proxy issued: follow @odata.nextLink exactly as it was given.",
    "$skiptoken",
  );
}
