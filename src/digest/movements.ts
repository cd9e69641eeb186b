import type { SeverityLevel } from "../config/schema.js";
import { formatMinutes } from "./format-duration.js";
import type { Movement, PeriodMetrics } from "./model.js";
import { sum } from "./statistics.js";

// The "what changed" summary: the biggest movements between a period and the one before it.

const MINUS = "\u2212";

type Unit = "count" | "minutes" | "points";

interface Reading {
  metric: string;
  unit: Unit;
  value: (metrics: PeriodMetrics) => number | null;
}

/** The fixed list of metrics compared between a period and the one before it. */
function readings(severities: readonly SeverityLevel[]): Reading[] {
  return [
    ...severities.map(
      (level): Reading => ({
        metric: `${level.name} incidents opened`,
        unit: "count",
        value: (metrics) => metrics.incidents.opened[level.name] ?? 0,
      }),
    ),
    { metric: "incidents opened", unit: "count", value: (metrics) => sum(Object.values(metrics.incidents.opened)) },
    { metric: "incidents resolved", unit: "count", value: (metrics) => sum(Object.values(metrics.incidents.resolved)) },
    { metric: "median time to resolve", unit: "minutes", value: (metrics) => metrics.incidents.timeToResolve.all.medianMinutes },
    { metric: "postmortems completed on time", unit: "count", value: (metrics) => metrics.postmortems.completedOnTime },
    { metric: "action items completed", unit: "count", value: (metrics) => metrics.actionItems.completed },
    { metric: "action item completion rate", unit: "points", value: (metrics) => percent(metrics.actionItems.completionRate) },
    { metric: "overdue action items", unit: "count", value: (metrics) => metrics.actionItems.overdue.length },
    { metric: "overdue reviews", unit: "count", value: (metrics) => metrics.postmortems.overdueReviews.length },
  ];
}

/**
 * The three largest non-zero changes, ranked by |Δ| / max(1, |previous|) so that 1 → 4 outranks
 * 40 → 45; a metric that cannot be measured in either period (no resolutions, no items) is skipped.
 * Minutes and points are rounded first, so a movement never reads "+0 min".
 */
export function movements(current: PeriodMetrics, previous: PeriodMetrics, severities: readonly SeverityLevel[]): Movement[] {
  const candidates: { movement: Movement; size: number }[] = [];
  for (const reading of readings(severities)) {
    const before = roundedReading(reading, previous);
    const after = roundedReading(reading, current);
    if (before === null || after === null || before === after) continue;
    const delta = after - before;
    candidates.push({
      movement: { metric: reading.metric, previous: before, current: after, change: formatChange(delta, reading.unit) },
      size: Math.abs(delta) / Math.max(1, Math.abs(before)),
    });
  }
  // Array.prototype.sort is stable: equal sizes keep the fixed list's order.
  return candidates
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((candidate) => candidate.movement);
}

function roundedReading(reading: Reading, metrics: PeriodMetrics): number | null {
  const value = reading.value(metrics);
  return value === null ? null : Math.round(value);
}

function formatChange(delta: number, unit: Unit): string {
  const sign = delta > 0 ? "+" : MINUS;
  const size = Math.abs(delta);
  if (unit === "minutes") return `${sign}${formatMinutes(size)}`;
  if (unit === "points") return `${sign}${size} ${size === 1 ? "point" : "points"}`;
  return `${sign}${size}`;
}

function percent(rate: number | null): number | null {
  return rate === null ? null : rate * 100;
}
