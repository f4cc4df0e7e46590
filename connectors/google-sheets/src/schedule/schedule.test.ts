import { describe, expect, it } from "vitest";
import { UserFacingError, type AddonContext } from "../context.js";
import { fakeAppsScript } from "../testing/fake-apps-script.js";
import { HOST_LIMITS } from "../testing/host-limits.js";
import { FakeSpreadsheet } from "../testing/spreadsheet.js";
import { stubLayerApi } from "../testing/stub-layer-api.js";
import { currentSchedule, setSchedule } from "./schedule.js";

describe("schedules within Apps Script's 20 triggers per person per script", () => {
  const gas = fakeAppsScript(stubLayerApi({ rows: 0 }).handler);
  const ctx: AddonContext = { gas, config: { apiBaseUrl: "https://api.layer.test" }, now: gas.clock.now };
  const sheets = Array.from({ length: 21 }, (_, i) => new FakeSpreadsheet(`ss_${i}`, `Budget ${i}`));

  it("the 21st spreadsheet gets a plain answer, the 20 schedules stay, and changing one still works", () => {
    for (const ss of sheets.slice(0, 20)) setSchedule(ctx, ss, "hourly", "Ada Lovelace");
    expect(gas.ScriptApp.getProjectTriggers()).toHaveLength(HOST_LIMITS.triggersPerUser);
    const last = sheets[20]!;
    expect(() => setSchedule(ctx, last, "daily", "Ada Lovelace")).toThrow(UserFacingError);
    expect(() => setSchedule(ctx, last, "daily", "Ada Lovelace")).toThrow(
      /You already schedule 20 spreadsheets, the most Apps Script allows one person\. Turn off the schedule of one/,
    );
    expect(currentSchedule(ctx, last.getId())).toBe("off");
    expect(gas.ScriptApp.getProjectTriggers()).toHaveLength(20);
    // Replacing a schedule frees its trigger first, so a person at the limit can still change one.
    expect(setSchedule(ctx, sheets[0]!, "daily", "Ada Lovelace")).toBe("daily");
    expect(gas.ScriptApp.getProjectTriggers()).toHaveLength(20);
  });

  it("the limit is per person: another editor schedules their own", () => {
    gas.PropertiesService.currentUser = "ben@example.com";
    expect(setSchedule(ctx, sheets[20]!, "hourly", "Ben")).toBe("hourly");
    expect(gas.ScriptApp.getProjectTriggers()).toHaveLength(1);
    gas.PropertiesService.currentUser = "ada@example.com";
  });
});
