import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { daysLeft as daysUntil, timeLeft } from "@layer/token-client";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { adviceFor, rotationSteps } from "../messages/failures.js";
import type { TokenSource } from "../settings.js";
import { organization } from "./inputs.js";
import { noticeField, READ_ONLY, respond } from "./tool-result.js";

const named = z.object({ id: z.string(), name: z.string() });

const output = {
  name: z.string().describe("The token's name, as its owner gave it."),
  keyId: z.string(),
  maskedToken: z.string().describe("The token's display form; the secret is never shown."),
  env: z.enum(["live", "test"]),
  tier: z.string(),
  user: z.object({ email: z.string(), name: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string().nullable().describe("Null when the token never expires."),
  daysLeft: z.number().int().nullable(),
  lastUsedAt: z.string().nullable(),
  access: z.enum(["read", "read-write"]).describe("read: reads only; read-write: may also rotate itself."),
  scopes: z.array(z.string()),
  projectIds: z
    .array(z.string())
    .nullable()
    .describe("The projects the token is limited to; null when it reaches all of its owner's projects."),
  projects: z.array(named).describe("The projects this token reaches now, in the organization asked about."),
  organizations: z
    .array(named.extend({ role: z.string() }))
    .describe("The owner's organizations: the ids list_projects' organization argument takes."),
  organization: z.string().nullable().describe("The organization this answer is narrowed to; null for all."),
  rotation: z
    .object({
      reason: z.enum(["expired", "revoked", "rotated", "expiring_soon", "legacy_token", "no_expiration"]),
      severity: z.enum(["error", "warning", "info"]),
      message: z.string(),
      createUrl: z.string(),
      steps: z.array(z.string()),
    })
    .nullable()
    .describe("What to do about this token, in the safe order; null when nothing needs doing."),
  ...noticeField,
};

export function registerTokenStatus(server: McpServer, session: LayerSession, source: TokenSource): void {
  server.registerTool(
    "token_status",
    {
      title: "Layer token status",
      description:
        "Which Layer token this server uses (name, masked key id, owner), when it expires, what it may do (read or read-write) and which projects it reaches, the owner's organizations, and whether and how to rotate it.",
      inputSchema: { organization },
      outputSchema: output,
      annotations: { title: "Layer token status", ...READ_ONLY },
    },
    async (args) => {
      const outcome = await session.run(
        args.organization ? `organization "${args.organization}"` : undefined,
        (client) => session.freshWhoami(client),
        undefined,
        args.organization,
      );
      return respond(outcome, (whoami) => {
        const ctx = session.context();
        const advice = adviceFor({ whoami }, ctx);
        const daysLeft = daysUntil(whoami.token.expiresAt, ctx.now);
        return {
          summary: summarize(whoami, ctx.now, advice?.message ?? null),
          structured: {
            name: whoami.token.name,
            keyId: whoami.token.keyId,
            maskedToken: session.masked ?? "",
            env: whoami.token.env,
            tier: whoami.token.tier,
            user: { email: whoami.user.email, name: whoami.user.name },
            createdAt: whoami.token.createdAt,
            expiresAt: whoami.token.expiresAt,
            daysLeft,
            lastUsedAt: whoami.token.lastUsedAt,
            access: whoami.token.access,
            scopes: whoami.token.scopes,
            projectIds: whoami.token.projectIds,
            projects: whoami.token.projects.map((p) => ({ id: p.id, name: p.name })),
            organizations: whoami.organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
            organization: whoami.organization,
            rotation: advice
              ? {
                  reason: advice.reason,
                  severity: advice.severity,
                  message: advice.message,
                  createUrl: advice.createUrl,
                  steps: rotationSteps(advice, source),
                }
              : null,
          },
        };
      });
    },
  );
}

function summarize(whoami: Whoami, now: number, advice: string | null): string {
  const t = whoami.token;
  const left = timeLeft(t.expiresAt, now);
  const expiry =
    t.expiresAt === null
      ? "never expires"
      : `expires ${t.expiresAt.slice(0, 10)} (${left ? `in ${left}` : "already expired"})`;
  return `Layer token "${t.name}" (${t.keyId}) of ${whoami.user.email}, ${expiry}. ${reach(whoami)} ${advice ?? "No rotation needed."}`;
}

/** What the token may do and where, in one sentence: the limits its owner chose at creation. */
export function reach(whoami: Whoami): string {
  const t = whoami.token;
  const may = t.access === "read" ? "Read-only" : "Read and write";
  const where = whoami.organization ? ` in organization ${whoami.organization}` : "";
  const list = t.projects.map((p) => `${p.name} (${p.id})`).join(", ");
  const projects =
    t.projects.length === 0
      ? `reaches no project${where}`
      : `reaches ${t.projectIds === null ? "all its owner's projects" : "only"}${where}: ${list}`;
  const orgs =
    whoami.organizations.length > 1
      ? ` Organizations: ${whoami.organizations.map((o) => `${o.name} (${o.id})`).join(", ")}; list_projects takes one as organization.`
      : "";
  return `${may}; ${projects}.${orgs}`;
}
