/**
 * Simulated Apps Script time. Tests advance it by modelled costs (a fetch, a sleep), never by
 * the wall clock, so the 6-minute cut-off lands at the same page on a loaded machine.
 */
export class SimClock {
  /** Starts at the real time so that tokens the live API issues are judged at the right age. */
  constructor(public time = Date.now()) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += Math.max(0, ms);
  }
}
