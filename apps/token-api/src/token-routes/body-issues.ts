import { DomainError } from "../errors/domain-error.js";

/** The service names fields as the body does; the envelope's paths say where they are (`body.expiresAt`). */
export async function inBody<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const issues = error instanceof DomainError ? error.details?.["issues"] : undefined;
    if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED" || !Array.isArray(issues)) throw error;
    throw new DomainError(error.code, error.message, {
      ...error.details,
      issues: issues.map((i: { path: string; message: string }) => ({ ...i, path: `body.${i.path}` })),
    });
  }
}
