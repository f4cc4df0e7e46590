import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, dataDirHolder, DataDirLockedError } from "./data-dir-lock.js";

describe("the data directory lock", () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), "layer-lock-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("admits one holder and frees the directory on release", () => {
    const dir = fresh();
    const lock = acquireDataDirLock(dir);
    expect(dataDirHolder(dir)).toBe(process.pid);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(join(dir, "layer.lock"))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it("refuses a directory held by another live process", () => {
    const dir = fresh();
    writeFileSync(join(dir, "layer.lock"), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process/);
  });

  it("takes over a lock left by a process that died", () => {
    const dir = fresh();
    writeFileSync(join(dir, "layer.lock"), "2147483646");
    expect(dataDirHolder(dir)).toBeNull();
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, "layer.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
  });
});
