import fc from "fast-check";

/** What a fuzz case sends: method, path with query, header fields, body bytes. */
export interface FuzzRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer | undefined;
}

/** The values a session or a token gives a case, so that it reaches past authentication. */
export interface Credentials {
  token: string;
  keyId: string;
  cookie: string;
  csrf: string;
  origin: string;
}

const hex = (b: number) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`;

/** A path segment or query value: readable text, any percent-encoded bytes (NUL, invalid UTF-8), or both. */
export const urlText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_.~-]{0,20}$/),
    fc.uint8Array({ maxLength: 12 }).map((bytes) => [...bytes].map(hex).join("")),
    fc.string({ unit: "grapheme", maxLength: 8 }).map((s) => encodeURIComponent(s)),
    fc.constantFrom("%00", "%ED%A0%80", "%C0%AF", "..", "%2F", "%25", "%", "%zz", "a%00b", "0", "-1", "1e309"),
  );

/** A header value as bytes on the wire may hold: printable Latin-1, with now and then a control byte. */
export const headerText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
    fc.string({ unit: fc.integer({ min: 0x00, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
    fc.constantFrom("", " ", "Bearer", "Bearer ", "null", "\u00e9", "x".repeat(300)),
  );

/** A string that is hard for a database: NUL, lone surrogates, long, or odd Unicode. */
const hostileString = () =>
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.constantFrom("\u0000", "\ud800", "a\udc00b", "x".repeat(5_000), "😀", "\u202e", " ", ""),
  );

/** A JSON body: well-formed with hostile strings, any JSON, or bytes that are not JSON. */
export const jsonBody = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.record(fields, { requiredKeys: [] }).map((o) => Buffer.from(JSON.stringify(o))),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? "null")),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    fc.constantFrom(
      Buffer.from('{"name":"\\ud800"}'),
      Buffer.from('{"name":"\\u0000"}'),
      Buffer.from("{"),
      Buffer.from('{"__proto__":{"x":1}}'),
    ),
  );

export const anyField = (): fc.Arbitrary<unknown> =>
  fc.oneof(hostileString(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
export const stringField = (): fc.Arbitrary<unknown> => fc.oneof(hostileString(), anyField());

/** Header fields: each the right one, a hostile one, or absent. */
export function headerFields(creds: Credentials): fc.Arbitrary<[string, string][]> {
  const maybe = (name: string, good: string[]) =>
    fc.option(
      fc.oneof(fc.constantFrom(...good), headerText()).map((v) => [name, v] as [string, string]),
      { nil: undefined, freq: 3 },
    );
  const wrongSecret = `${creds.token.slice(0, -6)}zzzzzz`;
  return fc
    .tuple(
      maybe("X-Api-Key", [creds.token, wrongSecret, `lp_live_${creds.keyId}`, "lp_test_0000000000000000_x"]),
      maybe("Authorization", [`Bearer ${creds.token}`, "Basic abc", "Bearer"]),
      maybe("Cookie", [creds.cookie, "layer_session=abc", "layer_session=; other=1"]),
      maybe("X-CSRF-Token", [creds.csrf]),
      maybe("Origin", [creds.origin, "https://evil.example", "null"]),
      maybe("Content-Type", ["application/json", "application/json; charset=utf-16", "text/plain", "multipart/x"]),
      maybe("X-Request-Id", ["abc-1", creds.token]),
      maybe("Idempotency-Key", ["k-1", "\u0000"]),
      maybe("Accept", ["application/json", "*/*"]),
      maybe("Content-Encoding", ["gzip", "identity", "br"]),
    )
    .map((fields) => fields.filter((f): f is [string, string] => f !== undefined));
}

/** Writes the case as HTTP/1.1 bytes; header values go out as Latin-1, as the wire has them. */
export function toBytes(r: FuzzRequest): Buffer {
  const lines = [`${r.method} ${r.target} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
  if (r.body) lines.push(`Content-Length: ${r.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), r.body ?? Buffer.alloc(0)]);
}
