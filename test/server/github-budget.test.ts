import { describe, expect, it } from "vitest";
import { BUDGET, createBudget, GITHUB_CONTENT_LIMITS } from "../../src/github/github-budget.js";
import { mostInAnyWindow } from "./windows.js";
import { onFakeClock } from "./paced-clock.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Asks the budget for `count` requests of a kind at once and returns when each was let through, from the start. */
async function released(kind: "content" | "write" | "read", count: number, installation: string): Promise<number[]> {
  const budget = createBudget();
  const { value } = await onFakeClock(async () => {
    const started = Date.now();
    return Promise.all(Array.from({ length: count }, () => budget.pace(kind, installation).then(() => Date.now() - started)));
  });
  return value.sort((a, b) => a - b);
}

describe("the write budget of one installation", () => {
  it("lets a burst of content creation through at the write spacing, then one a second, never more than 80 in any minute", async () => {
    const times = await released("content", 200, "burst");
    expect(mostInAnyWindow(times, MINUTE)).toBeLessThanOrEqual(GITHUB_CONTENT_LIMITS.perMinute);
    // The burst: the first ones 500 ms apart (only the write spacing holds them).
    expect(times.slice(0, 5)).toEqual([0, 500, 1000, 1500, 2000].map((ms) => expect.closeTo(ms, -2)));
    // The 81st waits for the minute, and not much longer.
    expect(times[80]! - times[0]!).toBeGreaterThanOrEqual(MINUTE);
    expect(times[80]! - times[0]!).toBeLessThan(MINUTE + 5_000);
  });

  it("never lets more than 500 content creations through in any hour, and keeps going at one every 9 s", { timeout: 60_000 }, async () => {
    const times = await released("content", 600, "hour");
    expect(mostInAnyWindow(times, HOUR)).toBeLessThanOrEqual(GITHUB_CONTENT_LIMITS.perHour);
    expect(mostInAnyWindow(times, MINUTE)).toBeLessThanOrEqual(GITHUB_CONTENT_LIMITS.perMinute);
    expect(times[500]! - times[0]!).toBeGreaterThanOrEqual(HOUR);
    // Past the hour's burst the pace is the sustained rate: (500 - 100) an hour.
    const sustained = HOUR / (GITHUB_CONTENT_LIMITS.perHour - BUDGET.contentBurstPerHour);
    expect(times[599]! - times[598]!).toBeGreaterThanOrEqual(sustained);
    expect(times[599]! - times[598]!).toBeLessThan(sustained * 1.1);
  });

  it("spaces other writes by the write spacing only: no content budget", async () => {
    const times = await released("write", 100, "writes");
    expect(times[99]! - times[0]!).toBeGreaterThanOrEqual(99 * BUDGET.writeSpacingMs);
    expect(times[99]! - times[0]!).toBeLessThan(99 * BUDGET.writeSpacingMs + 1_000);
  });

  it("lets reads through at once, however many", async () => {
    const times = await released("read", 1_000, "reads");
    expect(times.at(-1)).toBe(0);
  });
});
