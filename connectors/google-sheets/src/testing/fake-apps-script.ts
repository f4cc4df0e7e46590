import type { AppsScript } from "../apps-script/services.js";
import { FakeCacheService, FakeLockService } from "./cache-lock.js";
import { SimClock } from "./clock.js";
import { FakePropertiesService } from "./properties.js";
import { FakeHtmlService, FakeScriptApp } from "./script-app.js";
import { FakeSpreadsheetApp } from "./spreadsheet.js";
import { FakeUrlFetchApp, type Handler } from "./url-fetch.js";
import { FakeUtilities } from "./utilities.js";

export interface FakeAppsScript extends AppsScript {
  clock: SimClock;
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
  return {
    clock,
    SpreadsheetApp: new FakeSpreadsheetApp(),
    PropertiesService: new FakePropertiesService(),
    CacheService: new FakeCacheService(clock.now),
    LockService: new FakeLockService(),
    Utilities: new FakeUtilities(clock, options.realSleep ?? false),
    UrlFetchApp: new FakeUrlFetchApp(handler, clock, options.latencyMs ?? 0),
    HtmlService: new FakeHtmlService(),
    ScriptApp: new FakeScriptApp(),
  };
}
