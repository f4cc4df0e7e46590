import { describe, expect, it } from "vitest";
import { isConnectionFailure } from "./database-unavailable.js";

// A lost database answers 503 SERVICE_UNAVAILABLE; an error of the SQL itself stays a bug (500).
describe("what counts as the database being unavailable", () => {
  it("counts refused, reset and timed-out connections and server shutdowns", () => {
    expect(
      isConnectionFailure(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
    ).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionFailure(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionFailure(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(
      isConnectionFailure(
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ),
    ).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
  });

  it("does not count errors of the SQL or the data", () => {
    expect(isConnectionFailure(Object.assign(new Error('relation "nope" does not exist'), { code: "42P01" }))).toBe(
      false,
    );
    expect(
      isConnectionFailure(
        Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }),
      ),
    ).toBe(false);
    expect(
      isConnectionFailure(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })),
    ).toBe(false);
    expect(isConnectionFailure(new TypeError("Cannot read properties of undefined"))).toBe(false);
  });
});
