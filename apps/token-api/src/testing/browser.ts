import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** docs/hosts.md: Debian's Chromium with these flags; CHROME_PATH names another one (macOS, Windows). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(): string {
  const path = process.env["CHROME_PATH"] || "/usr/bin/chromium";
  if (!existsSync(path))
    throw new Error(`no Chromium at ${path}: install it (apt-get install chromium) or set CHROME_PATH`);
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}
