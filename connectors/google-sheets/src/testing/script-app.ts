import type { ClockTriggerBuilder, HtmlService, ScriptApp, Trigger, TriggerBuilder } from "../apps-script/services.js";
import { FakeHtmlOutput } from "./spreadsheet.js";

export class FakeTrigger implements Trigger {
  constructor(
    readonly id: string,
    readonly handler: string,
    readonly every: string,
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
    const trigger = new FakeTrigger(`trg_${this.app.triggers.length + this.app.deleted}`, this.handler, this.every);
    this.app.triggers.push(trigger);
    return trigger;
  }
}

export class FakeScriptApp implements ScriptApp {
  readonly triggers: FakeTrigger[] = [];
  deleted = 0;
  newTrigger(functionName: string): TriggerBuilder {
    return { timeBased: () => new FakeClockTriggerBuilder(this, functionName) };
  }
  getProjectTriggers(): FakeTrigger[] {
    return [...this.triggers];
  }
  deleteTrigger(trigger: Trigger): void {
    const i = this.triggers.findIndex((t) => t.getUniqueId() === trigger.getUniqueId());
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
