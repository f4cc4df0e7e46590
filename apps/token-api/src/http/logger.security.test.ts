import { describe, expect, it } from "vitest";
import { scrubTokens } from "./logger.js";

const personal = `lp_live_ABCDEFGHJKMNPQRS_${"s".repeat(40)}`;
const testEnv = `lp_test_0123456789ABCDEF_${"t".repeat(40)}`;
const legacy = `layer_0123abcd${"9f".repeat(12)}`;

describe("scrubTokens, the last belt of every log line", () => {
  it("cuts personal and legacy tokens down to their public part, wherever they sit", () => {
    const line = `{"path":"/v1/${personal}","msg":"x ${testEnv} and ${legacy}","a":"${legacy}${personal}","b":"x${testEnv}"}`;
    const scrubbed = scrubTokens(line);
    for (const secret of ["s".repeat(40), "t".repeat(40), "9f".repeat(12)]) expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain("lp_live_ABCDEFGHJKMNPQRS_[REDACTED]");
    expect(scrubbed).toContain("lp_test_0123456789ABCDEF_[REDACTED]");
    expect(scrubbed).toContain("layer_0123abcd_[REDACTED]");
  });

  it("leaves a line without a token shape as it is, prefixes alone included", () => {
    for (const line of ['{"level":30,"msg":"request"}', '{"path":"/v1/lp_","msg":"layer_ lp_live_"}', ""]) {
      expect(scrubTokens(line)).toBe(line);
    }
  });
});
