import type { TokenSummary } from "@layer/contracts";
import type { SeedReport } from "../seed/seed.js";

const tokenLine = (t: TokenSummary) =>
  [
    t.keyId,
    t.env,
    JSON.stringify(t.name),
    `created ${t.createdAt}`,
    `expires ${t.expiresAt ?? "never"}`,
    `last used ${t.lastUsedAt ?? "never"}`,
    t.access,
    t.projectIds ? `projects ${t.projectIds.join(",")}` : "all projects",
    ...(t.revokedAt ? [`REVOKED ${t.revokedAt}${t.revokedBy ? ` by ${t.revokedBy}` : ""}`] : []),
    ...(t.status === "expired" ? [`EXPIRED ${t.expiredAt}`] : []),
  ].join("  ");

/** Human output; `--json` prints the result as is. */
export function formatResult(command: string, result: unknown): string {
  const r = result as Record<string, unknown>;
  switch (command) {
    case "seed":
      return formatSeedReport(result as SeedReport);
    case "tokens.create": {
      const t = r["token"] as TokenSummary & { token: string };
      return [
        `Created token ${JSON.stringify(t.name)} (${t.keyId}), expires ${t.expiresAt ?? "never"}.`,
        "Copy it now: it is shown this once and never again.",
        "",
        t.token,
      ].join("\n");
    }
    case "tokens.list": {
      const tokens = r["tokens"] as TokenSummary[];
      return tokens.length ? tokens.map(tokenLine).join("\n") : "No tokens.";
    }
    case "tokens.revoke":
    case "keys.tier":
      return tokenLine(r["token"] as TokenSummary);
    case "tokens.purge-history": {
      const purged = r["purged"] as number;
      return purged === 0
        ? "Nothing to purge: no token ended more than 90 days ago."
        : `Purged ${purged} token${purged === 1 ? "" : "s"} that ended more than 90 days ago.`;
    }
    case "keys.kill":
    case "keys.restore":
      return `${(r["token"] as TokenSummary).keyId}: kill switch ${r["killSwitch"] ? "ON (503 KILL_SWITCH)" : "off"}`;
    default:
      return JSON.stringify(result, null, 2);
  }
}

const counts = (byTable: Record<string, number>) =>
  Object.entries(byTable)
    .map(([table, n]) => `${n.toLocaleString("en")} ${table.replaceAll("_", " ")}`)
    .join(", ");

function formatSeedReport(report: SeedReport): string {
  const lines = report.reset ? [`Reset: deleted ${counts(report.deleted) || "nothing (the database was empty)"}.`] : [];
  lines.push(
    Object.keys(report.added).length
      ? `Added the missing demo data: ${counts(report.added)}.`
      : "The demo data was already complete: nothing added.",
  );
  if (!report.reset) lines.push("Nothing was changed or deleted; existing tokens and sign-ins keep working.");
  return lines.join("\n");
}
