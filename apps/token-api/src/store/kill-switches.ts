import type { Queryable } from "../db/database.js";

/** Everything the kill-switch check needs, read in one go (docs/contract.md "Kill switches"). */
export interface KillSwitchSnapshot {
  global: boolean;
  revokedOrganizations: Set<string>;
  killedKeys: Set<string>;
}

export async function readKillSwitches(q: Queryable): Promise<KillSwitchSnapshot> {
  const [settings] = await q.query<{ global_kill_switch: boolean }>("SELECT global_kill_switch FROM platform_settings");
  const orgs = await q.query<{ id: string }>("SELECT id FROM organizations WHERE api_access_revoked");
  const keys = await q.query<{ key_id: string }>("SELECT key_id FROM api_tokens WHERE kill_switch");
  return {
    global: settings?.global_kill_switch ?? false,
    revokedOrganizations: new Set(orgs.map((o) => o.id)),
    killedKeys: new Set(keys.map((k) => k.key_id)),
  };
}

export async function setGlobalKillSwitch(q: Queryable, on: boolean): Promise<void> {
  await q.query("UPDATE platform_settings SET global_kill_switch = $1, updated_at = now()", [on]);
}

/** True when the organization exists. */
export async function setOrganizationApiAccessRevoked(
  q: Queryable,
  organizationId: string,
  revoked: boolean,
): Promise<boolean> {
  const rows = await q.query("UPDATE organizations SET api_access_revoked = $2 WHERE id = $1 RETURNING id", [
    organizationId,
    revoked,
  ]);
  return rows.length > 0;
}
