import type { StartedRun } from "./paging.js";
import { tokenDigest } from "./token-digest.js";

/** Long enough for Power BI to parse a page and follow its nextLink; a run nobody asks for is then dropped. */
export const READ_AHEAD_TTL_MS = 15_000;
/** Runs waiting at once, each holding at most one upstream page: bounds the proxy's memory. */
export const MAX_RUNS_AHEAD = 4;

interface Parked {
  run: StartedRun;
  timer: NodeJS.Timeout;
}

/**
 * The first upstream page of a nextLink, asked for as the page that printed the link ends: the
 * API reads it while Power BI parses the page and sends its next request, instead of after. Kept
 * per credential, organization and skiptoken (the token only as a SHA-256), so only the same token
 * asking for that very link gets it; a link nobody follows costs one upstream request. Soft state:
 * another instance, or a run dropped here, serves the link by asking the API itself. A run's
 * rows are sent only after the link's own request read the table's schema through the API with
 * its token: a token revoked in between gets its 401, not the rows read ahead.
 */
export class ReadAhead {
  private readonly parked = new Map<string, Parked>();

  constructor(private readonly ttlMs = READ_AHEAD_TTL_MS) {}

  park(token: string, organization: string | null, skipToken: string, run: StartedRun): void {
    const key = keyOf(token, organization, skipToken);
    this.drop(key);
    while (this.parked.size >= MAX_RUNS_AHEAD) this.drop(this.parked.keys().next().value as string);
    const timer = setTimeout(() => this.drop(key), this.ttlMs);
    // A run waiting for a link must not keep a stopping proxy alive.
    timer.unref();
    this.parked.set(key, { run, timer });
  }

  /** The run parked for this link, once: a second request for it asks the API again. */
  take(token: string, organization: string | null, skipToken: string): StartedRun | undefined {
    const key = keyOf(token, organization, skipToken);
    const parked = this.parked.get(key);
    if (!parked) return undefined;
    clearTimeout(parked.timer);
    this.parked.delete(key);
    return parked.run;
  }

  get size(): number {
    return this.parked.size;
  }

  private drop(key: string): void {
    const parked = this.parked.get(key);
    if (!parked) return;
    clearTimeout(parked.timer);
    this.parked.delete(key);
    // Ends the token client's page run: its page in flight is let go, nothing more is asked.
    void parked.run.pages.return?.(undefined)?.catch(() => undefined);
  }
}

function keyOf(token: string, organization: string | null, skipToken: string): string {
  return `${tokenDigest(token)} ${organization ?? ""} ${skipToken}`;
}
