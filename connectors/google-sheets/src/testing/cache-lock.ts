import type { Cache, CacheService, Lock, LockService } from "../apps-script/services.js";
import type { SimClock } from "./clock.js";
import { HOST_LIMITS, utf8Bytes } from "./host-limits.js";

/**
 * CacheService as documented: keys up to 250 characters, values up to 100 KB (UTF-8), kept 6
 * hours at most. A put outside those limits throws, as Apps Script's does; `refusePuts` plays
 * the other refusals Apps Script gives under load ("Service invoked too many times").
 */
export class FakeCache implements Cache {
  readonly entries = new Map<string, { value: string; expires: number }>();
  refusePuts = false;
  constructor(private readonly now: () => number) {}
  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry || entry.expires <= this.now()) return null;
    return entry.value;
  }
  put(key: string, value: string, expirationInSeconds: number): void {
    if (this.refusePuts) throw new Error("Service invoked too many times in a short time: cache");
    if (key.length > HOST_LIMITS.cacheKeyChars) throw new Error("Argument too large: key");
    if (utf8Bytes(value) > HOST_LIMITS.cacheValueBytes) throw new Error("Argument too large: value");
    if (!(expirationInSeconds >= 1 && expirationInSeconds <= HOST_LIMITS.cacheTtlSeconds))
      throw new Error(`Invalid argument: expirationInSeconds must be 1 to ${HOST_LIMITS.cacheTtlSeconds}`);
    this.entries.set(key, { value, expires: this.now() + expirationInSeconds * 1000 });
  }
  remove(key: string): void {
    this.entries.delete(key);
  }
}

export class FakeCacheService implements CacheService {
  readonly document: FakeCache;
  readonly user: FakeCache;
  constructor(now: () => number) {
    this.document = new FakeCache(now);
    this.user = new FakeCache(now);
  }
  getDocumentCache(): FakeCache {
    return this.document;
  }
  getUserCache(): FakeCache {
    return this.user;
  }
}

/**
 * A document lock in a single-threaded world: `holdElsewhere` plays another execution (another
 * cell) holding it for a while. `tryLock` then waits on the simulated clock, as the real one
 * blocks: until the other run lets go, or for the whole timeout.
 */
export class FakeLock implements Lock {
  held = false;
  acquisitions = 0;
  /** The simulated time until which another execution holds the lock. */
  heldElsewhereUntil = 0;
  /** Every timeout the add-on asked for, in order. */
  readonly waits: number[] = [];
  constructor(private readonly clock: SimClock) {}
  holdElsewhere(ms: number): void {
    this.heldElsewhereUntil = this.clock.now() + ms;
  }
  tryLock(timeoutInMillis: number): boolean {
    this.waits.push(timeoutInMillis);
    if (this.held) return false;
    const busyFor = this.heldElsewhereUntil - this.clock.now();
    if (busyFor > timeoutInMillis) {
      this.clock.advance(timeoutInMillis);
      return false;
    }
    this.clock.advance(busyFor);
    this.held = true;
    this.acquisitions += 1;
    return true;
  }
  releaseLock(): void {
    this.held = false;
  }
}

export class FakeLockService implements LockService {
  readonly document: FakeLock;
  readonly user: FakeLock;
  constructor(clock: SimClock) {
    this.document = new FakeLock(clock);
    this.user = new FakeLock(clock);
  }
  getDocumentLock(): FakeLock {
    return this.document;
  }
  getUserLock(): FakeLock {
    return this.user;
  }
}
