import type { KillSwitchScope } from "@layer/contracts";
import type { Queryable } from "../db/database.js";
import { readKillSwitches, type KillSwitchSnapshot } from "../store/kill-switches.js";
import type { ProvenToken } from "./verification-cache.js";

/**
 * The three kill switches held in memory so that a cached request checks them without a query.
 * In-process changes refresh it before the operator is answered; a periodic refresh carries
 * changes made by another process within seconds (docs/contract.md: "within seconds").
 */
export class KillSwitchState {
  private snapshot: KillSwitchSnapshot = { global: false, revokedOrganizations: new Set(), killedKeys: new Set() };
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Queryable) {}

  async refresh(): Promise<void> {
    this.snapshot = await readKillSwitches(this.db);
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      // A failed refresh keeps the last snapshot; the next one retries.
      this.refresh().catch(() => {});
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Which switch stops this token, if any. */
  check(proven: ProvenToken): KillSwitchScope | null {
    if (this.snapshot.global || proven.live?.globalKilled) return "global";
    if (proven.token.killSwitch || this.snapshot.killedKeys.has(proven.token.keyId)) return "key";
    if (proven.live?.organizationKilled) return "organization";
    for (const org of proven.organizations) if (this.snapshot.revokedOrganizations.has(org.id)) return "organization";
    return null;
  }
}
