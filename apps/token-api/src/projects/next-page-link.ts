import type { Request } from "express";

/** The `Link` header's declaration on a rows page (RFC 8288, as GitHub's REST API pages). */
export const NEXT_PAGE_LINK_HEADER = {
  description:
    'The next page, sent when there is one: `</v1/projects/…/rows?…&cursor=…>; rel="next"`, the same request with the ' +
    "page's `nextCursor`. A client may ask for it as soon as the headers arrive, before reading this page's rows.",
  required: false,
  schema: { type: "string", pattern: '^<[^>]+>; rel="next"$' },
} as const;

/**
 * The request that reads the page after this one: the same path and query with `cursor` set to
 * the page's nextCursor, and without `count`, which only the first page answers.
 */
export function nextPageLink(req: Request, nextCursor: string): string {
  const url = new URL(req.originalUrl, "http://layer.invalid");
  url.searchParams.set("cursor", nextCursor);
  url.searchParams.delete("count");
  return `<${url.pathname}${url.search}>; rel="next"`;
}
