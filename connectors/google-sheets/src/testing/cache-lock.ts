import type { Cache, CacheService, Lock, LockService } from "../apps-script/services.js";

export class FakeCache implements Cache {
  readonly entries = new Map<string, { value: string; expires: number }>();
  constructor(private readonly now: () => number) {}
  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry || entry.expires <= this.now()) return null;
    return entry.value;
  }
  put(key: string, value: string, expirationInSeconds: number): void {
    if (key.length > 250) throw new Error("Cache key too long");
    if (value.length > 100 * 1024) throw new Error("Argument too large: value");
    this.entries.set(key, { value, expires: this.now() + Math.min(21_600, expirationInSeconds) * 1000 });
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

/** Single-threaded, so a lock is either free or held by the code under test itself. */
export class FakeLock implements Lock {
  held = false;
  acquisitions = 0;
  tryLock(_timeoutInMillis: number): boolean {
    if (this.held) return false;
    this.held = true;
    this.acquisitions += 1;
    return true;
  }
  releaseLock(): void {
    this.held = false;
  }
}

export class FakeLockService implements LockService {
  readonly document = new FakeLock();
  readonly user = new FakeLock();
  getDocumentLock(): FakeLock {
    return this.document;
  }
  getUserLock(): FakeLock {
    return this.user;
  }
}
