/**
 * The cursor of the page a rows page's `Link: <…>; rel="next"` header announces (RFC 8288), or
 * null. Only the one relation the API sends is read, so a few lines here rather than a Link
 * parser as the first runtime dependency of a client that also runs in Apps Script and Office.
 */
export function announcedCursor(headers: Record<string, string>): string | null {
  const link = headers["link"];
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /^\s*<([^>]*)>\s*;\s*rel="?next"?\s*$/i.exec(part);
    const query = match?.[1]?.split("?")[1];
    if (query === undefined) continue;
    const cursor = new URLSearchParams(query).get("cursor");
    if (cursor) return cursor;
  }
  return null;
}
