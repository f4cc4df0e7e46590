import { ExecutionKilled } from "./execution.js";

/**
 * Simulated Apps Script time. Tests advance it by modelled costs (a fetch, a sleep, a lock
 * wait), never by the wall clock, so the 6-minute cut-off lands at the same page on a loaded
 * machine. Inside an execution (`FakeExecutions.run`) time cannot pass its limit: Apps Script
 * would have killed the run there.
 */
export class SimClock {
  /** When the running execution is killed; infinite outside one. */
  deadline = Number.POSITIVE_INFINITY;
  /** Starts at the real time so that tokens the live API issues are judged at the right age. */
  constructor(public time = Date.now()) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += Math.max(0, ms);
    if (this.time > this.deadline) throw new ExecutionKilled();
  }
}
