import type { Whoami } from "@layer/contracts";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { daysLeft as daysUntil } from "@layer/token-client";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { adviceFor, rotationSteps } from "../messages/failures.js";
import type { TokenSource } from "../settings.js";
import { noticeField, READ_ONLY, respond } from "./tool-result.js";

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
  rotation: z
    .object({
      reason: z.enum(["expired", "revoked", "expiring_soon", "legacy_token", "no_expiration"]),
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
        "Which Layer token this server uses (name, masked key id, owner), when it expires, how many days are left, and whether and how to rotate it.",
      inputSchema: {},
      outputSchema: output,
      annotations: { title: "Layer token status", ...READ_ONLY },
    },
    async () => {
      const outcome = await session.run(undefined, (client) => session.freshWhoami(client));
      return respond(outcome, (whoami) => {
        const ctx = session.context();
        const advice = adviceFor({ whoami }, ctx);
        const daysLeft = daysUntil(whoami.token.expiresAt, ctx.now);
        return {
          summary: summarize(whoami, daysLeft, advice?.message ?? null),
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

function summarize(whoami: Whoami, daysLeft: number | null, advice: string | null): string {
  const t = whoami.token;
  const expiry = t.expiresAt === null ? "never expires" : `expires ${t.expiresAt.slice(0, 10)} (${daysLeft} days left)`;
  return `Layer token "${t.name}" (${t.keyId}) of ${whoami.user.email}, ${expiry}. ${advice ?? "No rotation needed."}`;
}
