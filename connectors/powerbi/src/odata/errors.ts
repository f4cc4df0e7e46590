/**
 * An OData error answer (OData JSON Format 4.01 §21): `{"error":{"code","message","target"?}}`.
 * Codes are the contract's (`UNAUTHENTICATED`, `NOT_FOUND`, `KILL_SWITCH`, …) wherever the contract
 * has one, or OData's own for what only the proxy decides (`NotImplemented`, `BadRequest`).
 */
export class ODataError extends Error {
  override readonly name = "ODataError";
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly headers: Record<string, string>;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { target?: string; headers?: Record<string, string>; requestId?: string } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.headers = options.headers ?? {};
    this.requestId = options.requestId;
  }

  /** `innererror` is where OData puts service-specific diagnostics: here, the request ids to quote to support. */
  toJSON(requestId?: string): {
    error: {
      code: string;
      message: string;
      target?: string;
      innererror?: { requestId: string; upstreamRequestId?: string };
    };
  } {
    const inner = requestId ?? this.requestId;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target === undefined ? {} : { target: this.target }),
        ...(inner === undefined
          ? {}
          : {
              innererror: {
                requestId: inner,
                ...(this.requestId && this.requestId !== inner ? { upstreamRequestId: this.requestId } : {}),
              },
            }),
      },
    };
  }
}

/** What the OData standard allows but the proxy does not do: 501 rather than a wrong result. */
export function notImplemented(message: string, target?: string): ODataError {
  return new ODataError(501, "NotImplemented", message, target === undefined ? {} : { target });
}

export function badRequest(message: string, target?: string): ODataError {
  return new ODataError(400, "BadRequest", message, target === undefined ? {} : { target });
}

/**
 * The one 404 of the proxy: the contract's `NOT_FOUND`, whether the proxy found no such entity set
 * or the API said the table is gone, so a client matches a single code (the API contract: absent or
 * not visible to this token).
 */
export function notFound(message: string, requestId?: string): ODataError {
  return new ODataError(404, "NOT_FOUND", message, requestId === undefined ? {} : { requestId });
}
