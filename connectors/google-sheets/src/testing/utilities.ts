import type { Utilities } from "../apps-script/services.js";
import type { SimClock } from "./clock.js";

const shared = new Int32Array(new SharedArrayBuffer(4));

/**
 * `sleep` advances the simulated clock; with `realSleep` it also blocks for real (the live
 * API's rate-limit bucket refills on the wall clock). Dates support the formats the add-on uses,
 * in UTC (the fake spreadsheet's time zone).
 */
export class FakeUtilities implements Utilities {
  sleeps: number[] = [];
  constructor(
    private readonly clock: SimClock,
    public realSleep = false,
  ) {}
  sleep(milliseconds: number): void {
    if (milliseconds > 300_000) throw new Error("Utilities.sleep: at most 300000 ms");
    this.sleeps.push(milliseconds);
    this.clock.advance(milliseconds);
    if (this.realSleep) Atomics.wait(shared, 0, 0, milliseconds);
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
