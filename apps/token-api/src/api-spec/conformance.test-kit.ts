import { OpenAPIBackend, type Operation } from "openapi-backend";
import { expect } from "vitest";
import { call, type Reply } from "../testing/http.js";

export interface Sent {
  token?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
}

/**
 * The document leaves response objects open (a client must accept fields added later). Checking
 * this server, though, every field it sends must be documented: the validator's copy closes each
 * object that lists its properties.
 */
function closeResponseObjects(document: Record<string, unknown>): Record<string, unknown> {
  const close = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    const schema = node as Record<string, unknown>;
    if (schema["type"] === "object" && schema["properties"] && schema["additionalProperties"] === undefined) {
      schema["additionalProperties"] = false;
    }
    for (const child of Object.values(schema)) close(child);
  };
  const paths = document["paths"] as Record<string, Record<string, { responses?: unknown }>>;
  for (const operations of Object.values(paths)) for (const op of Object.values(operations)) close(op.responses);
  close((document["components"] as { schemas?: unknown } | undefined)?.schemas);
  return document;
}

type Responses = Record<string, { headers?: Record<string, { required?: boolean }>; content?: unknown }>;

/**
 * Checks real responses against the document with openapi-backend, a validator that is not ours:
 * it finds the operation from the method and path, and validates the body (its schema, with the
 * document's own refs) and every header the response carries. The document must list the status;
 * headers it marks required must be there (openapi-backend checks their values, not presence).
 * Each answer is counted as (operation, status, error code), so a test can ask that every
 * status and code the document lists was seen for real.
 */
export class Conformance {
  readonly seen = new Map<string, Set<string>>();
  private constructor(
    private readonly oas: OpenAPIBackend,
    private readonly baseUrl: string,
    readonly document: Record<string, unknown>,
  ) {}

  static async of(baseUrl: string): Promise<Conformance> {
    const document = (await call(`${baseUrl}/openapi.json`)).body as Record<string, unknown>;
    // A deep copy: openapi-backend dereferences the document it is given in place. `quick` skips
    // its check of the document itself, which knows OpenAPI 3.0 only: Spectral checks this 3.1
    // document (its oas3-schema rule). `strict` fails on anything else.
    const definition = closeResponseObjects(structuredClone(document));
    const oas = new OpenAPIBackend({ definition: definition as never, quick: true, strict: true });
    await oas.init();
    return new Conformance(oas, baseUrl, document);
  }

  async send(method: string, path: string, sent: Sent = {}): Promise<Reply> {
    const reply = await call(`${this.baseUrl}${path}`, {
      method,
      headers: sent.headers,
      ...(sent.token !== undefined ? { token: sent.token } : {}),
      ...(sent.json !== undefined ? { json: sent.json } : {}),
      ...(sent.body !== undefined ? { body: sent.body } : {}),
    });
    const url = new URL(path, this.baseUrl);
    const operation = this.oas.matchOperation({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {},
    }) as (Operation & { responses?: Responses }) | undefined;
    const where = `${method} ${url.pathname} → ${reply.status}`;
    expect(operation, `${where}: no documented operation`).toBeDefined();
    const documented = operation!.responses?.[String(reply.status)];
    expect(
      documented,
      `${where}: ${operation!.operationId} does not document this status (${reply.text})`,
    ).toBeDefined();

    if (documented!.content) {
      expect(reply.headers.get("content-type"), where).toMatch(/^application\/json/);
      const body = this.oas.validator.validateResponse(reply.body, operation!, reply.status);
      expect(body.errors, `${where}: body ${reply.text.slice(0, 500)}`).toBeNull();
    } else {
      expect(reply.text, `${where}: a body the document does not declare`).toBe("");
    }
    const headers = Object.fromEntries(reply.headers.entries());
    const headerCheck = this.oas.validator.validateResponseHeaders(headers, operation!, {
      statusCode: reply.status,
      setMatchType: "any" as never,
    });
    expect(headerCheck.errors, `${where}: headers ${JSON.stringify(headers)}`).toBeNull();
    for (const [name, header] of Object.entries(documented!.headers ?? {})) {
      if (header.required) expect(reply.headers.has(name), `${where}: required header ${name} missing`).toBe(true);
    }

    const code = reply.status >= 400 ? ` ${reply.body?.error?.code}` : "";
    const seen = this.seen.get(operation!.operationId!) ?? new Set<string>();
    seen.add(`${reply.status}${code}`);
    this.seen.set(operation!.operationId!, seen);
    return reply;
  }

  /** Every (status, code) the document lists, per operation: success statuses alone, errors with their codes. */
  documentedAnswers(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const paths = this.document["paths"] as Record<
      string,
      Record<string, { operationId: string; responses: Responses }>
    >;
    for (const operations of Object.values(paths)) {
      for (const operation of Object.values(operations)) {
        const answers = new Set<string>();
        for (const [status, response] of Object.entries(operation.responses)) {
          const examples = (
            response.content as { "application/json"?: { examples?: Record<string, { value: unknown }> } }
          )?.["application/json"]?.examples;
          if (Number(status) < 400) answers.add(status);
          else {
            for (const example of Object.values(examples ?? {})) {
              answers.add(`${status} ${(example.value as { error: { code: string } }).error.code}`);
            }
          }
        }
        out.set(operation.operationId, answers);
      }
    }
    return out;
  }
}
