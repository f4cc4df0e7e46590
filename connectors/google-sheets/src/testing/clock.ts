/**
 * Simulated Apps Script time. Tests advance it by modelled costs (a fetch, a sleep), never by
 * the wall clock, so the 6-minute cut-off lands at the same page on a loaded machine.
 */
export class SimClock {
  constructor(public time = Date.parse("2026-11-23T09:00:00Z")) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += Math.max(0, ms);
  }
}
