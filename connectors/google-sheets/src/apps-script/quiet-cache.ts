import type { Cache } from "./services.js";
import { utf8Length } from "./text-size.js";

/** CacheService's documented limits: 100 KB per value (read as 100,000 UTF-8 bytes), 6 hours. */
export const CACHE_VALUE_MAX_BYTES = 100_000;
export const CACHE_TTL_MAX_SECONDS = 21_600;

/**
 * Puts a value if CacheService can hold it, and never fails the caller: the cache only saves
 * work, so a value too big, or a put refused under load, leaves the answer as good as it was.
 * Returns whether the value was cached.
 */
export function putIfItFits(cache: Cache | null, key: string, value: string, ttlSeconds: number): boolean {
  if (!cache || utf8Length(value) > CACHE_VALUE_MAX_BYTES) return false;
  const ttl = Math.min(CACHE_TTL_MAX_SECONDS, Math.max(1, Math.ceil(ttlSeconds)));
  try {
    cache.put(key, value, ttl);
    return true;
  } catch {
    return false;
  }
}

/** A read that treats a failing cache as an empty one. */
export function getQuietly(cache: Cache | null, key: string): string | null {
  if (!cache) return null;
  try {
    return cache.get(key);
  } catch {
    return null;
  }
}
