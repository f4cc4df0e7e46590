import { existsSync } from "node:fs";
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

/**
 * docs/hosts.md: headless, no sandbox (tests run as root in CI), no GPU, and nothing that reaches
 * out on its own (QUIC, first-run pages, background updates, sync): the machines have no internet.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where Debian, Ubuntu and macOS put a Chromium or Chrome; CHROME_PATH names any other. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/**
 * The browser to launch: CHROME_PATH when set (and then it must exist: a typo is not silently
 * replaced by another browser), else the first system Chromium found.
 */
export function chromiumPath(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  const named = env["CHROME_PATH"];
  if (named) {
    if (!exists(named)) throw new Error(`CHROME_PATH names ${named}, which does not exist`);
    return named;
  }
  const found = CHROMIUM_CANDIDATES.find((path) => exists(path));
  if (!found) {
    throw new Error(
      "No Chromium found: install it (apt-get install -y chromium) or set CHROME_PATH to a Chromium or Chrome",
    );
  }
  return found;
}

/** Headless Chromium with the suite's flags; `options.args` adds to them. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
}
