import { readFileSync } from "node:fs";
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import { fakeAppsScript, type FakeAppsScript } from "../../src/testing/fake-apps-script.js";
import { SyncHttp } from "../../src/testing/sync-http.js";

export const CODE_PATH = fileURLToPath(new URL("../../dist/Code.js", import.meta.url));

export interface VmAddon {
  gas: FakeAppsScript;
  context: vm.Context;
  /** Calls a top-level function of Code.js, as Apps Script would, and returns plain data. */
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /** Same, without the JSON round trip (cells with Dates). */
  callRaw(name: string, ...args: unknown[]): unknown;
  fetches(): number;
  close(): Promise<void>;
}

/**
 * Runs the BUILT dist/Code.js in node:vm with only Apps Script globals: no require, fetch,
 * setTimeout, URL. UrlFetchApp makes real synchronous HTTP calls to the live API; the clock the
 * add-on reads (Date.now) is the simulated one, advanced by each fetch's modelled latency.
 */
/** The API base URL dist/ was built for (Code.js says it in its header). */
export function builtApiUrl(): string {
  const header = /^\/\/ Layer for Google Sheets\..* API: (\S+)$/m.exec(readFileSync(CODE_PATH, "utf8").slice(0, 2_000));
  if (!header?.[1]) throw new Error("dist/Code.js has no API header: run npm run build");
  return header[1];
}

/**
 * dist/Code.js as built, with the one API base URL constant pointed at the test's live API
 * (a port chosen at run time); every other byte is the artifact that clasp pushes.
 */
export function codeFor(apiUrl: string): string {
  const code = readFileSync(CODE_PATH, "utf8");
  const built = JSON.stringify(builtApiUrl());
  if (!code.includes(built)) throw new Error(`Code.js does not hold the API URL ${built}`);
  return code.split(built).join(JSON.stringify(apiUrl));
}

export function loadAddon(options: { apiUrl: string; latencyMs?: number; realSleep?: boolean }): VmAddon {
  const http = new SyncHttp();
  const gas = fakeAppsScript((req) => http.request(req), options);
  const globals = {
    SpreadsheetApp: gas.SpreadsheetApp,
    PropertiesService: gas.PropertiesService,
    CacheService: gas.CacheService,
    LockService: gas.LockService,
    Utilities: gas.Utilities,
    UrlFetchApp: gas.UrlFetchApp,
    HtmlService: gas.HtmlService,
    ScriptApp: gas.ScriptApp,
    Logger: { log: () => undefined },
  };
  const context = vm.createContext(globals, { codeGeneration: { strings: false, wasm: false } });
  const vmDate = vm.runInContext("Date", context) as DateConstructor;
  vmDate.now = () => gas.clock.now();
  new vm.Script(codeFor(options.apiUrl), { filename: "Code.js" }).runInContext(context);
  // Each call is one Apps Script execution: 30 s for the custom function, 6 minutes otherwise.
  const callRaw = (name: string, ...args: unknown[]): unknown => {
    const fn = context[name] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof fn !== "function") throw new Error(`Code.js has no top-level function ${name}`);
    return gas.executions.run(name === "LAYER_TABLE" ? "custom function" : "script", () => fn(...args));
  };
  return {
    gas,
    context,
    callRaw,
    call: <T>(name: string, ...args: unknown[]) => {
      const value = callRaw(name, ...args);
      return (value === undefined ? undefined : JSON.parse(JSON.stringify(value))) as T;
    },
    fetches: () => gas.UrlFetchApp.calls.length,
    close: () => http.close(),
  };
}
