import type { UrlFetchParams, UrlFetchResponseLike, UrlFetchTransport } from "../sync-client.js";

export interface FakeReply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
}

export interface RecordedFetch {
  url: string;
  params: UrlFetchParams;
}

/**
 * Behaves like Apps Script's UrlFetchApp where it matters to the client: header names come back
 * lower-cased from getAllHeaders(), and any status >= 400 throws unless muteHttpExceptions is set,
 * with the URL and a truncated body in the message, as the real one does.
 */
export class FakeUrlFetchApp implements UrlFetchTransport {
  readonly calls: RecordedFetch[] = [];
  private readonly replies: Array<FakeReply | Error>;

  constructor(replies: Array<FakeReply | Error>) {
    this.replies = [...replies];
  }

  fetch(url: string, params: UrlFetchParams): UrlFetchResponseLike {
    this.calls.push({ url, params: JSON.parse(JSON.stringify(params)) as UrlFetchParams });
    const reply = this.replies.shift();
    if (!reply) throw new Error("FakeUrlFetchApp: no reply left");
    if (reply instanceof Error) throw reply;
    const text =
      reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    if (reply.status >= 400 && !params.muteHttpExceptions) {
      throw new Error(
        `Exception: Request failed for ${url} returned code ${reply.status}. Truncated server response: ${text.slice(0, 100)}`,
      );
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
    return {
      getResponseCode: () => reply.status,
      getContentText: () => text,
      getAllHeaders: () => headers,
    };
  }
}
