import { z } from "zod";
import * as c from "@layer/contracts";

const schema = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" });
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: "Error envelope", content: { "application/json": { schema: schema(c.ErrorEnvelope, "output") } } },
    ]),
  );
const ok = (status: number, s?: z.ZodType) =>
  s
    ? { [String(status)]: { description: "OK", content: { "application/json": { schema: schema(s, "output") } } } }
    : { [String(status)]: { description: "Done" } };
const body = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s, "input") } } });
const csrf = {
  name: "X-CSRF-Token",
  in: "header",
  required: true,
  schema: { type: "string" },
  description: "The csrfToken of the session",
};
const keyId = { name: "keyId", in: "path", required: true, schema: { type: "string" } };
// A cookie parameter rather than a security scheme: the document's schemes are the token's.
const cookie = {
  name: "layer_session",
  in: "cookie",
  required: true,
  schema: { type: "string" },
  description: "Set by POST /v1/session (__Host-layer_session over HTTPS)",
};
const session: never[] = [];

/**
 * The account routes in the OpenAPI document (issue 3: generated from the zod schemas). They take
 * the session cookie, not a token; mutations also need X-CSRF-Token.
 */
export function accountOpenApiPaths(): Record<string, unknown> {
  return {
    "/v1/session": {
      post: {
        summary: "Sign in to the account page (sets the session cookie)",
        security: [],
        requestBody: body(c.SignInRequest),
        responses: { ...ok(201, c.AccountSession), ...errors(400, 401, 403, 429) },
      },
      get: {
        summary: "The signed-in user and the session's CSRF token",
        security: session,
        parameters: [cookie],
        responses: { ...ok(200, c.AccountSession), ...errors(401) },
      },
      delete: {
        summary: "Sign out",
        security: session,
        parameters: [cookie, csrf],
        responses: { ...ok(204), ...errors(401, 403) },
      },
    },
    "/v1/tokens": {
      get: {
        summary: "The signed-in user's tokens, newest first, masked",
        security: session,
        parameters: [
          cookie,
          { name: "name", in: "query", required: false, schema: { type: "string", maxLength: 100 } },
          { name: "includeRevoked", in: "query", required: false, schema: { type: "string", enum: ["true", "false"] } },
        ],
        responses: { ...ok(200, c.TokenList), ...errors(400, 401) },
      },
      post: {
        summary: "Create a token: the one response that holds its secret",
        security: session,
        parameters: [cookie, csrf],
        requestBody: body(c.CreateTokenRequest),
        responses: { ...ok(201, c.CreatedToken), ...errors(400, 401, 403, 413) },
      },
    },
    "/v1/tokens/{keyId}": {
      patch: {
        summary: "Rename a token without invalidating it",
        security: session,
        parameters: [cookie, keyId, csrf],
        requestBody: body(c.RenameTokenRequest),
        responses: { ...ok(200, c.TokenSummary), ...errors(400, 401, 403, 404) },
      },
      delete: {
        summary: "Revoke a token for good",
        security: session,
        parameters: [cookie, keyId, csrf],
        responses: { ...ok(204), ...errors(400, 401, 403, 404) },
      },
    },
    "/v1/organizations/{orgId}/token-holders": {
      get: {
        summary: "For organization owners: who holds tokens (no secrets)",
        security: session,
        parameters: [cookie, { name: "orgId", in: "path", required: true, schema: { type: "string" } }],
        responses: { ...ok(200, c.OrgTokenHolders), ...errors(401, 404) },
      },
    },
  };
}
