import { createHash } from "node:crypto";
import type { Utilities } from "../apps-script/services.js";
import type { SimClock } from "./clock.js";
import { HOST_LIMITS } from "./host-limits.js";

const shared = new Int32Array(new SharedArrayBuffer(4));

/**
 * `sleep` advances the simulated clock; with `realSleep` it also blocks for real (the live
 * API's rate-limit bucket refills on the wall clock). Dates support the formats the add-on uses,
 * in UTC (the fake spreadsheet's time zone).
 */
export class FakeUtilities implements Utilities {
  readonly DigestAlgorithm = { SHA_256: "SHA_256" as unknown as GoogleAppsScript.Utilities.DigestAlgorithm };
  readonly Charset = { UTF_8: "UTF_8" as unknown as GoogleAppsScript.Utilities.Charset };
  sleeps: number[] = [];
  constructor(
    private readonly clock: SimClock,
    public realSleep = false,
  ) {}
  sleep(milliseconds: number): void {
    if (milliseconds > HOST_LIMITS.sleepMs) throw new Error(`Utilities.sleep: at most ${HOST_LIMITS.sleepMs} ms`);
    this.sleeps.push(milliseconds);
    this.clock.advance(milliseconds);
    if (this.realSleep) Atomics.wait(shared, 0, 0, milliseconds);
  }
  /** Apps Script's answer: the digest as signed bytes (-128 to 127). */
  computeDigest(
    algorithm: GoogleAppsScript.Utilities.DigestAlgorithm,
    value: string,
    charset: GoogleAppsScript.Utilities.Charset,
  ): number[] {
    if (String(algorithm) !== "SHA_256" || String(charset) !== "UTF_8")
      throw new Error(`FakeUtilities.computeDigest: unsupported ${String(algorithm)} ${String(charset)}`);
    return [...createHash("sha256").update(value, "utf8").digest()].map((b) => (b > 127 ? b - 256 : b));
  }
  parseDate(date: string, timeZone: string, format: string): Date {
    if (format !== "yyyy-MM-dd" || timeZone !== "Etc/UTC")
      throw new Error(`FakeUtilities.parseDate: unsupported ${format} ${timeZone}`);
    const d = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) throw new Error(`Unparseable date: ${date}`);
    return d;
  }
  formatDate(date: Date, timeZone: string, format: string): string {
    if (timeZone !== "Etc/UTC") throw new Error(`FakeUtilities.formatDate: unsupported ${timeZone}`);
    const iso = date.toISOString();
    return format
      .replace("yyyy", iso.slice(0, 4))
      .replace("MM", iso.slice(5, 7))
      .replace("dd", iso.slice(8, 10))
      .replace("HH", iso.slice(11, 13))
      .replace("mm", iso.slice(14, 16));
  }
}
