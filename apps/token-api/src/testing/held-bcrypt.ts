import type { BcryptGate } from "../tokens/hashing.js";

/**
 * Holds every verification of a gate at its bcrypt step (the real bcrypt still runs, after the
 * release), so a test can change a token while its first verification is certainly in flight.
 */
export function holdBcrypt(gate: BcryptGate): { reached: Promise<void>; release(): void; restore(): void } {
  const original = gate.verify.bind(gate);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  gate.verify = async (value, secretHash, provenBefore) => {
    reach();
    await released;
    return original(value, secretHash, provenBefore);
  };
  const restore = (): void => {
    gate.verify = original;
  };
  return { reached, release, restore };
}
