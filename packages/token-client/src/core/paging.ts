import { LayerError } from "../errors/layer-error.js";

/** Options of `pages()`, the same for the async and the sync client. */
export interface PagesOptions {
  limit?: number;
  fields?: string[] | string;
  /** Resume from a cursor a previous run stopped at. */
  cursor?: string | null;
}

/**
 * The cursor of the page after `page`, or null after the last one. A server that hands back the
 * cursor it was given would loop a connector forever: that is an error, not another page.
 */
export function nextCursor(page: unknown, previous: string | null | undefined, requestId: string): string | null {
  const next = typeof page === "object" && page !== null ? (page as { nextCursor?: unknown }).nextCursor : undefined;
  if (next === null) return null;
  if (typeof next !== "string" || next === "" || next === previous) {
    throw new LayerError({
      status: 200,
      code: "BAD_RESPONSE",
      requestId,
      message: "The Layer API returned a rows page without a usable next cursor; paging stopped to avoid a loop.",
    });
  }
  return next;
}
