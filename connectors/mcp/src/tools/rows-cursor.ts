/**
 * query_rows's cursor: the API's cursor together with the filter and sort it was made for. The
 * API's cursor positions a page within one sort and needs the same filter and sort sent again
 * with every page; an agent that continues with the cursor alone would otherwise get the wrong
 * rows or a refusal. So the tool's cursor carries them, and the next call sends them for it.
 */
export interface RowsCursor {
  apiCursor: string;
  filter: string | null;
  sort: string | null;
}

const TAG = "q1";

export function encodeRowsCursor(cursor: RowsCursor): string {
  return Buffer.from(JSON.stringify([TAG, cursor.apiCursor, cursor.filter, cursor.sort])).toString("base64url");
}

/** The cursor query_rows gave, or null when the text is not one of its cursors. */
export function decodeRowsCursor(text: string): RowsCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 4 || value[0] !== TAG) return null;
  const [, apiCursor, filter, sort] = value as unknown[];
  const textOrNull = (v: unknown) => v === null || typeof v === "string";
  if (typeof apiCursor !== "string" || apiCursor === "" || !textOrNull(filter) || !textOrNull(sort)) return null;
  return { apiCursor, filter: filter as string | null, sort: sort as string | null };
}

/** A filter or sort as sent: blank means none. */
export function normalized(text: string | undefined | null): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/**
 * Why a cursor cannot continue with the filter and sort of this call, or null when it can (the
 * call repeats them or leaves them out).
 */
export function cursorConflict(
  cursor: RowsCursor,
  asked: { filter: string | undefined; sort: string | undefined },
): string | null {
  const clash = (what: "filter" | "sort", given: string | undefined, carried: string | null) => {
    if (given === undefined || normalized(given) === carried) return null;
    const was = carried === null ? `no ${what}` : `the ${what} ${JSON.stringify(carried)}`;
    return `the cursor continues the rows read with ${was}, and this call asks for ${normalized(given) === null ? `no ${what}` : `the ${what} ${JSON.stringify(normalized(given))}`}`;
  };
  const problems = [clash("filter", asked.filter, cursor.filter), clash("sort", asked.sort, cursor.sort)].filter(
    (p): p is string => p !== null,
  );
  if (problems.length === 0) return null;
  return `This cursor cannot continue that query: ${problems.join("; ")}. A cursor is a position within one filter and one sort. To read the next page, send the cursor without filter and sort (it carries them); to read with another filter or sort, call query_rows without a cursor to start from the first row.`;
}
