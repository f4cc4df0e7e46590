import { expect, it } from "vitest";
import { createBudget, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS } from "./budget.js";
import { SimClock } from "./testing/clock.js";

it("leaves the reserve free before Apps Script's 6-minute limit", () => {
  const clock = new SimClock();
  const budget = createBudget(clock.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS);
  expect(budget.timeLeft()).toBe(300_000);
  clock.advance(300_000);
  expect(budget.timeLeft()).toBe(0);
});
