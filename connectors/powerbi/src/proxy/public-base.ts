import type { IncomingMessage } from "node:http";
import parseForwarded from "forwarded-parse";
import { ODataError } from "../odata/errors.js";

/** A host name or IP literal with an optional port: what may go into an absolute nextLink. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export interface PublicBaseOptions {
  /** This proxy as clients reach it; wins over everything a request says. */
  publicUrl: string | null;
  /** Believe the scheme and host that the reverse proxy in front of this one forwards. */
  trustForwarded: boolean;
}

/**
 * The scheme and host of `@odata.context` and every nextLink, e.g. "https://bi.example.com": the
 * configured public URL; else, behind a trusted TLS terminator, what it forwarded (RFC 7239
 * `Forwarded`, else `X-Forwarded-Proto`/`X-Forwarded-Host`); else this request's Host over http.
 * Forwarded headers are ignored unless trusted: any client can send them, and a link that points
 * elsewhere would carry Power BI's credentials there.
 */
export function publicBase(req: IncomingMessage, options: PublicBaseOptions): string {
  if (options.publicUrl) return options.publicUrl;
  let scheme = "http";
  let host = req.headers.host ?? "";
  if (options.trustForwarded) {
    const forwarded = nearestForwarded(req);
    scheme = forwarded.proto?.toLowerCase() ?? scheme;
    host = forwarded.host ?? host;
    if (scheme !== "http" && scheme !== "https") throw badForwarded(`scheme ${JSON.stringify(scheme)}`);
    if (forwarded.host !== undefined && !HOST.test(forwarded.host)) throw badForwarded("host");
  }
  if (!HOST.test(host)) throw new ODataError(400, "BadRequest", "The Host header is missing or not a host name.");
  return `${scheme}://${host}`;
}

/**
 * What the proxy directly in front of this one forwarded: the last element of `Forwarded` (each
 * proxy appends its own), else the last value of each `X-Forwarded-*` header.
 */
function nearestForwarded(req: IncomingMessage): { proto?: string; host?: string } {
  const header = joined(req.headers["forwarded"]);
  if (header !== undefined) {
    let elements: Record<string, string>[];
    try {
      elements = parseForwarded(header);
    } catch {
      throw badForwarded("Forwarded header (RFC 7239)");
    }
    const last = elements.at(-1) ?? {};
    return {
      ...(last["proto"] === undefined ? {} : { proto: last["proto"] }),
      ...(last["host"] === undefined ? {} : { host: last["host"] }),
    };
  }
  const proto = lastValue(req.headers["x-forwarded-proto"]);
  const host = lastValue(req.headers["x-forwarded-host"]);
  return { ...(proto === undefined ? {} : { proto }), ...(host === undefined ? {} : { host }) };
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

function lastValue(value: string | string[] | undefined): string | undefined {
  const text = joined(value);
  const last = text?.split(",").at(-1)?.trim();
  return last === "" ? undefined : last;
}

function badForwarded(what: string): ODataError {
  return new ODataError(
    400,
    "BadRequest",
    `The reverse proxy in front of the Layer OData proxy forwarded an invalid ${what}; its operator should check what it sends.`,
  );
}
