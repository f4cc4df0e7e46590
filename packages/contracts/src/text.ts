import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether PostgreSQL can store the string as text: it refuses a NUL character, and a lone
 * surrogate has no UTF-8 encoding (drivers would silently turn it into U+FFFD or fail).
 */
export function isPostgresText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

export const POSTGRES_TEXT_MESSAGE = "must not contain a NUL character or a lone surrogate";

/** A string the API can store or look up: every string of a request that reaches SQL is one. */
export const text = (): z.ZodString => z.string().refine(isPostgresText, POSTGRES_TEXT_MESSAGE);
