import type { Spreadsheet } from "../apps-script/services.js";
import { type AddonContext, UserFacingError } from "../context.js";
import { documentStore } from "../tokens/token-store.js";

export type Frequency = "hourly" | "daily" | "off";
export const SCHEDULED_HANDLER = "scheduledRefresh";

/** Which trigger refreshes which spreadsheet, per user: time triggers carry no document. */
interface ScheduleRecord {
  triggerId: string;
  spreadsheetId: string;
  frequency: Exclude<Frequency, "off">;
}

const SCHEDULE_PREFIX = "layer.schedule.";
/** Apps Script allows a person 20 installable triggers per script: one per scheduled spreadsheet here. */
export const TRIGGERS_PER_USER = 20;
const SCHEDULE_INFO = "layer.schedule";

function userProps(ctx: AddonContext) {
  return ctx.gas.PropertiesService.getUserProperties();
}

export function currentSchedule(ctx: AddonContext, spreadsheetId: string): Frequency {
  const raw = userProps(ctx).getProperty(SCHEDULE_PREFIX + spreadsheetId);
  return raw ? (JSON.parse(raw) as ScheduleRecord).frequency : "off";
}

/** Sets this user's schedule for the spreadsheet: at most one trigger per user per document. */
export function setSchedule(
  ctx: AddonContext,
  spreadsheet: Spreadsheet,
  frequency: Frequency,
  userName: string,
): Frequency {
  const key = SCHEDULE_PREFIX + spreadsheet.getId();
  const raw = userProps(ctx).getProperty(key);
  if (raw) {
    const old = JSON.parse(raw) as ScheduleRecord;
    for (const trigger of ctx.gas.ScriptApp.getProjectTriggers()) {
      if (trigger.getUniqueId() === old.triggerId) ctx.gas.ScriptApp.deleteTrigger(trigger);
    }
    userProps(ctx).deleteProperty(key);
  }
  if (frequency === "off") {
    documentStore(ctx).deleteProperty(SCHEDULE_INFO);
    return "off";
  }
  if (ctx.gas.ScriptApp.getProjectTriggers().length >= TRIGGERS_PER_USER) {
    throw new UserFacingError(
      `You already schedule ${TRIGGERS_PER_USER} spreadsheets, the most Apps Script allows one person. Turn off the schedule of one you no longer need (Extensions › Layer › Schedule in that spreadsheet), then try again.`,
    );
  }
  const clock = ctx.gas.ScriptApp.newTrigger(SCHEDULED_HANDLER).timeBased();
  const trigger = (frequency === "hourly" ? clock.everyHours(1) : clock.everyDays(1).atHour(6)).create();
  const record: ScheduleRecord = { triggerId: trigger.getUniqueId(), spreadsheetId: spreadsheet.getId(), frequency };
  userProps(ctx).setProperty(key, JSON.stringify(record));
  documentStore(ctx).setProperty(SCHEDULE_INFO, JSON.stringify({ frequency, by: userName }));
  return frequency;
}

/** The spreadsheet a firing trigger belongs to, or null when its record is gone. */
export function spreadsheetForTrigger(ctx: AddonContext, triggerId: string): string | null {
  for (const [key, value] of Object.entries(userProps(ctx).getProperties())) {
    if (!key.startsWith(SCHEDULE_PREFIX)) continue;
    const record = JSON.parse(value) as ScheduleRecord;
    if (record.triggerId === triggerId) return record.spreadsheetId;
  }
  return null;
}
