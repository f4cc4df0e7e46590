import type { AppsScript } from "../apps-script/services.js";
import { FakeCacheService, FakeLockService } from "./cache-lock.js";
import { SimClock } from "./clock.js";
import { FakeExecutions } from "./execution.js";
import { FakePropertiesService } from "./properties.js";
import { FakeHtmlService, FakeScriptApp } from "./script-app.js";
import { FakeSpreadsheetApp } from "./spreadsheet.js";
import { FakeUrlFetchApp, type Handler } from "./url-fetch.js";
import { FakeUtilities } from "./utilities.js";

export interface FakeAppsScript extends AppsScript {
  clock: SimClock;
  /** Runs a call under Apps Script's execution limits (6 minutes, 30 s for a custom function). */
  executions: FakeExecutions;
  SpreadsheetApp: FakeSpreadsheetApp;
  PropertiesService: FakePropertiesService;
  CacheService: FakeCacheService;
  LockService: FakeLockService;
  Utilities: FakeUtilities;
  UrlFetchApp: FakeUrlFetchApp;
  HtmlService: FakeHtmlService;
  ScriptApp: FakeScriptApp;
}

/** A whole Apps Script world in memory; `handler` answers UrlFetchApp (a stub or real HTTP). */
export function fakeAppsScript(
  handler: Handler,
  options: { latencyMs?: number; realSleep?: boolean; clock?: SimClock } = {},
): FakeAppsScript {
  const clock = options.clock ?? new SimClock();
  const properties = new FakePropertiesService();
  return {
    clock,
    executions: new FakeExecutions(clock),
    SpreadsheetApp: new FakeSpreadsheetApp(),
    PropertiesService: properties,
    CacheService: new FakeCacheService(clock.now),
    LockService: new FakeLockService(clock),
    Utilities: new FakeUtilities(clock, options.realSleep ?? false),
    UrlFetchApp: new FakeUrlFetchApp(handler, clock, options.latencyMs ?? 0),
    HtmlService: new FakeHtmlService(),
    ScriptApp: new FakeScriptApp(() => properties.currentUser),
  };
}
