import type { ClockTriggerBuilder, HtmlService, ScriptApp, Trigger, TriggerBuilder } from "../apps-script/services.js";
import { HOST_LIMITS } from "./host-limits.js";
import { FakeHtmlOutput } from "./spreadsheet.js";

export class FakeTrigger implements Trigger {
  constructor(
    readonly id: string,
    readonly handler: string,
    readonly every: string,
    readonly owner: string,
  ) {}
  getUniqueId(): string {
    return this.id;
  }
  getHandlerFunction(): string {
    return this.handler;
  }
}

class FakeClockTriggerBuilder implements ClockTriggerBuilder {
  private every = "";
  constructor(
    private readonly app: FakeScriptApp,
    private readonly handler: string,
  ) {}
  everyHours(n: number): FakeClockTriggerBuilder {
    if (![1, 2, 4, 6, 8, 12].includes(n)) throw new Error("everyHours: 1, 2, 4, 6, 8 or 12");
    this.every = `${n}h`;
    return this;
  }
  everyDays(n: number): FakeClockTriggerBuilder {
    this.every = `${n}d`;
    return this;
  }
  atHour(hour: number): FakeClockTriggerBuilder {
    this.every += `@${hour}`;
    return this;
  }
  create(): FakeTrigger {
    const owner = this.app.currentUser();
    if (this.app.triggers.filter((t) => t.owner === owner).length >= HOST_LIMITS.triggersPerUser)
      throw new Error(
        "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
      );
    const id = `trg_${this.app.triggers.length + this.app.deleted}`;
    const trigger = new FakeTrigger(id, this.handler, this.every, owner);
    this.app.triggers.push(trigger);
    return trigger;
  }
}

/**
 * Installable triggers as Apps Script keeps them: each belongs to the user who made it, a
 * script sees only the current user's (getProjectTriggers), and a user has at most 20 per script.
 */
export class FakeScriptApp implements ScriptApp {
  readonly triggers: FakeTrigger[] = [];
  deleted = 0;
  constructor(readonly currentUser: () => string = () => "ada@example.com") {}
  newTrigger(functionName: string): TriggerBuilder {
    return { timeBased: () => new FakeClockTriggerBuilder(this, functionName) };
  }
  getProjectTriggers(): FakeTrigger[] {
    return this.triggers.filter((t) => t.owner === this.currentUser());
  }
  deleteTrigger(trigger: Trigger): void {
    const i = this.triggers.findIndex(
      (t) => t.getUniqueId() === trigger.getUniqueId() && t.owner === this.currentUser(),
    );
    if (i >= 0) {
      this.triggers.splice(i, 1);
      this.deleted += 1;
    }
  }
}

export class FakeHtmlService implements HtmlService {
  createHtmlOutputFromFile(filename: string): FakeHtmlOutput {
    return new FakeHtmlOutput(filename);
  }
}
