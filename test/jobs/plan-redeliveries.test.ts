import { describe, expect, it } from "vitest";
import { planRedeliveries, REDELIVERY_WINDOW_MS, succeeded, type DeliveryAttempt } from "../../src/jobs/plan-redeliveries.js";

const NOW = new Date("2026-12-10T12:00:00Z");
const HOUR = 3_600_000;

let nextId = 1;
/** An attempt `hoursAgo` before NOW, answered `status_code` (0: no answer). */
function attempt(guid: string, hoursAgo: number, statusCode: number, status?: string): DeliveryAttempt {
  return {
    id: nextId++,
    guid,
    delivered_at: new Date(NOW.getTime() - hoursAgo * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z"),
    status_code: statusCode,
    status: status ?? (statusCode === 200 ? "OK" : statusCode === 0 ? "failed to connect" : `Invalid HTTP Response: ${statusCode}`),
  };
}

describe("planRedeliveries", () => {
  // Listed newest first, as GitHub lists them.
  const cases: { name: string; deliveries: () => DeliveryAttempt[]; redeliver: string[]; counts: { inWindow: number; events: number; succeeded: number } }[] = [
    { name: "nothing delivered", deliveries: () => [], redeliver: [], counts: { inWindow: 0, events: 0, succeeded: 0 } },
    { name: "delivered fine", deliveries: () => [attempt("a", 1, 200)], redeliver: [], counts: { inWindow: 1, events: 1, succeeded: 1 } },
    { name: "failed once, then OK: skipped", deliveries: () => [attempt("a", 1, 200), attempt("a", 2, 503)], redeliver: [], counts: { inWindow: 2, events: 1, succeeded: 1 } },
    {
      name: "failed twice: one redelivery, of the newest attempt",
      deliveries: () => [attempt("a", 1, 0), attempt("a", 5, 502)],
      redeliver: ["a@1h"],
      counts: { inWindow: 2, events: 1, succeeded: 0 },
    },
    {
      name: "a redelivery attempt already failing: still one",
      deliveries: () => [{ ...attempt("a", 1, 500), redelivery: true }, attempt("a", 30, 0)],
      redeliver: ["a@1h"],
      counts: { inWindow: 2, events: 1, succeeded: 0 },
    },
    { name: "older than the window: skipped", deliveries: () => [attempt("a", 73, 503)], redeliver: [], counts: { inWindow: 0, events: 0, succeeded: 0 } },
    { name: "just inside the window: redelivered", deliveries: () => [attempt("a", 71.9, 503)], redeliver: ["a@71.9h"], counts: { inWindow: 1, events: 1, succeeded: 0 } },
    // Its success is older than GitHub keeps redeliverable: the recent failure is all that counts.
    {
      name: "a failure inside the window whose success is outside it",
      deliveries: () => [attempt("a", 2, 503), attempt("a", 80, 200)],
      redeliver: ["a@2h"],
      counts: { inWindow: 1, events: 1, succeeded: 0 },
    },
    {
      name: "a 202 (Probot still processing) is a success",
      deliveries: () => [attempt("a", 1, 202, "Accepted"), attempt("a", 3, 500)],
      redeliver: [],
      counts: { inWindow: 2, events: 1, succeeded: 1 },
    },
    { name: "GitHub's OK is a success whatever the code", deliveries: () => [attempt("a", 1, 0, "OK")], redeliver: [], counts: { inWindow: 1, events: 1, succeeded: 1 } },
    {
      name: "a redirect is not a delivery",
      deliveries: () => [attempt("a", 1, 301, "Invalid HTTP Response: 301")],
      redeliver: ["a@1h"],
      counts: { inWindow: 1, events: 1, succeeded: 0 },
    },
    {
      name: "several events: each failed one once, oldest event first",
      deliveries: () => [attempt("c", 1, 500), attempt("b", 2, 200), attempt("a", 3, 0), attempt("c", 4, 0), attempt("b", 5, 503), attempt("a", 6, 0)],
      redeliver: ["a@3h", "c@1h"],
      counts: { inWindow: 6, events: 3, succeeded: 1 },
    },
    {
      name: "the same attempt listed twice (pages overlapping while new deliveries arrive): one redelivery",
      deliveries: () => {
        const failed = attempt("a", 2, 503);
        return [failed, { ...failed }];
      },
      redeliver: ["a@2h"],
      counts: { inWindow: 2, events: 1, succeeded: 0 },
    },
  ];

  it.each(cases)("$name", ({ deliveries, redeliver, counts }) => {
    const listed = deliveries();
    const plan = planRedeliveries(listed, NOW);
    const label = (chosen: DeliveryAttempt) => `${chosen.guid}@${Math.round(((NOW.getTime() - Date.parse(chosen.delivered_at)) / HOUR) * 10) / 10}h`;
    expect(plan.redeliver.map(label)).toEqual(redeliver);
    expect({ inWindow: plan.inWindow, events: plan.events, succeeded: plan.succeeded }).toEqual(counts);
    // Never the same event twice in one run, and only attempts that were listed.
    expect(new Set(plan.redeliver.map((chosen) => chosen.guid)).size).toBe(plan.redeliver.length);
    for (const chosen of plan.redeliver) expect(listed).toContain(chosen);
  });

  it("of two attempts in the same second, redelivers the one with the higher id", () => {
    const first = { id: 10, guid: "a", delivered_at: "2026-12-10T11:00:00Z", status: "failed to connect", status_code: 0 };
    const second = { ...first, id: 11 };
    expect(planRedeliveries([first, second], NOW).redeliver).toEqual([second]);
    expect(planRedeliveries([second, first], NOW).redeliver).toEqual([second]);
  });

  it("the window is GitHub's 3 days unless given", () => {
    expect(REDELIVERY_WINDOW_MS).toBe(72 * HOUR);
    expect(planRedeliveries([attempt("a", 5, 500)], NOW, 4 * HOUR).redeliver).toEqual([]);
  });

  it.each([
    [200, "OK", true],
    [204, "No Content", true],
    [0, "OK", true],
    [0, "timed out", false],
    [404, "Invalid HTTP Response: 404", false],
    [503, "Invalid HTTP Response: 503", false],
  ])("status_code %i, %s: succeeded %s", (statusCode, status, expected) => {
    expect(succeeded({ id: 1, guid: "a", delivered_at: NOW.toISOString(), status, status_code: statusCode })).toBe(expected);
  });
});
