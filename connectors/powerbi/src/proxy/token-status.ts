import type { ColumnType, Row, RowsPage, WhoamiWithProjects as Whoami } from "@layer/contracts";
import { EXPIRING_SOON_DAYS } from "@layer/contracts/headers";
import { maskToken, rotationAdvice, timeLeft } from "@layer/token-client";
import { edmType, type EntitySetModel, type PropertyModel } from "../odata/model.js";

/**
 * The entity set that tells a Power BI user about their token. Power BI shows no response
 * headers, so X-Token-Expires-At never reaches a person; the navigator lists this beside the
 * tables instead. No underscore: table entity sets are always `<project>_<table>`, so the name
 * cannot collide with one.
 */
export const TOKEN_STATUS_SET = "LayerTokenStatus";

const DAY_MS = 24 * 60 * 60 * 1000;

const COLUMNS: [name: string, type: ColumnType, nullable: boolean][] = [
  ["KeyId", "string", false],
  ["TokenName", "string", false],
  ["MaskedToken", "string", false],
  ["ExpiresAt", "datetime", true],
  ["DaysLeft", "number", true],
  ["Status", "string", false],
  ["Warning", "string", true],
  ["Message", "string", false],
  ["RotationSteps", "string", true],
  ["RotateUrl", "string", true],
  // What the token may do and reach: its owner's choice at creation, as whoami says it now.
  ["Access", "string", false],
  ["Projects", "string", false],
  ["Organization", "string", true],
  ["Organizations", "string", false],
];

export const tokenStatusModel: EntitySetModel = (() => {
  const properties = COLUMNS.map(([name, type, nullable], index): PropertyModel => {
    const isKey = index === 0;
    return { name, column: name, type, edmType: edmType(type, isKey), nullable, isKey };
  });
  // Not a table of the API: no project or table behind it.
  return {
    name: TOKEN_STATUS_SET,
    projectId: "",
    projectName: "",
    tableId: "",
    tableName: "Token status",
    key: properties[0]!,
    properties,
  };
})();

/**
 * The one row: which token this is (name and key id, the token itself only masked), when it
 * expires, and, within the contract's 14 days or for any other advice, the rotation advice of
 * `@layer/token-client` with its steps and the link that fills in the new token's form.
 */
export function tokenStatusRow(
  whoami: Whoami,
  token: string,
  now: number,
  accountUrl: string,
  serviceRoot?: string,
): Row {
  const { name, keyId, expiresAt } = whoami.token;
  const advice = rotationAdvice({ whoami, now, tool: "Power BI", accountUrl });
  const at = expiresAt === null ? NaN : Date.parse(expiresAt);
  const daysLeft = Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / DAY_MS)) : null;
  const left = timeLeft(expiresAt, now);
  const fine = `The token "${name}" (${keyId}) ${expiresAt === null ? "never expires" : `expires on ${expiresAt.slice(0, 10)}, ${left ? `in ${left}` : "today"}`}.`;
  return {
    KeyId: keyId,
    TokenName: name,
    MaskedToken: maskToken(token),
    ExpiresAt: expiresAt,
    DaysLeft: daysLeft,
    Status: advice?.reason ?? "ok",
    // "info" advice (a token that never expires) is worth reading but is no warning.
    Warning: advice && advice.severity !== "info" ? `${advice.title}. ${advice.message}` : null,
    Message: advice?.message ?? fine,
    RotationSteps: advice ? advice.steps.map((step, index) => `${index + 1}. ${step}`).join(" ") : null,
    RotateUrl: advice?.createUrl ?? null,
    Access: whoami.token.access === "read" ? "read-only" : "read and write",
    Projects: projectsReached(whoami),
    Organization: whoami.organization,
    Organizations: organizationsOf(whoami, serviceRoot),
  };
}

/** "Acme Tower (prj_acme_tower)", each project the token reaches now; says when that is only a chosen few. */
function projectsReached(whoami: Whoami): string {
  const list = whoami.token.projects.map((p) => `${p.name} (${p.id})`).join("; ");
  if (list === "") return "none";
  return whoami.token.projectIds === null ? list : `only ${list}`;
}

/**
 * The owner's organizations, each with the service root that narrows to it: Power BI's OData feed
 * takes nothing but a URL, so a user in several organizations picks one by its address.
 */
function organizationsOf(whoami: Whoami, serviceRoot: string | undefined): string {
  const base = serviceRoot ? serviceRoot.replace(/\/organizations\/[^/]+\/odata$/, "/odata") : null;
  const rootOf = (id: string) =>
    base ? ` ${base.replace(/\/odata$/, "")}/organizations/${encodeURIComponent(id)}/odata` : "";
  return whoami.organizations.map((o) => `${o.name} (${o.id})${rootOf(o.id)}`).join("; ");
}

/** The row as the one page an entity set reads, so $select, $filter and the rest work on it as on any table. */
export function tokenStatusPage(row: Row): RowsPage {
  const columns = COLUMNS.map(([name, type, nullable]) => ({ name, type, nullable }));
  return { columns, rows: [row], nextCursor: null, totalRows: 1 };
}

/** Days left when a token expires within the contract's rotation window (14 days), else null: the proxy's log warning. */
export function expiringSoon(expiresAt: string | null, now: number): number | null {
  if (expiresAt === null) return null;
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at) || at <= now) return null;
  const daysLeft = Math.ceil((at - now) / DAY_MS);
  return daysLeft <= EXPIRING_SOON_DAYS ? daysLeft : null;
}
