/** How far back GitHub lets a delivery be redelivered (github.com; the days before are gone). */
export const REDELIVERY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

/** The fields of a listed delivery the decision reads. */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  delivered_at: string;
  status: string;
  status_code: number;
}

export interface RedeliveryPlan<D extends DeliveryAttempt> {
  /** One attempt per event to redeliver, oldest event first: the newest attempt at it. */
  redeliver: D[];
  /** Attempts delivered within the window. */
  inWindow: number;
  /** Events (guids) among them. */
  events: number;
  /** Events with a successful attempt: left alone. */
  succeeded: number;
}

/** A 2xx answer, or GitHub's "OK". */
export function succeeded(attempt: DeliveryAttempt): boolean {
  return attempt.status === "OK" || (attempt.status_code >= 200 && attempt.status_code < 300);
}

/**
 * Which failed deliveries to redeliver, as GitHub's own sample script decides: attempts are grouped
 * by event (`guid`); an event with any successful attempt is done; any other gets exactly one
 * redelivery, of its newest attempt (a failed redelivery is itself an attempt of the same guid).
 * Attempts older than the window are not looked at: GitHub no longer redelivers them.
 *
 * Events come oldest first, so redeliveries arrive in the order the events happened.
 */
export function planRedeliveries<D extends DeliveryAttempt>(deliveries: readonly D[], now: Date, windowMs = REDELIVERY_WINDOW_MS): RedeliveryPlan<D> {
  const from = now.getTime() - windowMs;
  const recent = deliveries.filter((delivery) => Date.parse(delivery.delivered_at) >= from);
  const byGuid = new Map<string, D[]>();
  for (const delivery of recent) byGuid.set(delivery.guid, [...(byGuid.get(delivery.guid) ?? []), delivery]);

  const due: { first: number; newest: D }[] = [];
  let done = 0;
  for (const attempts of byGuid.values()) {
    if (attempts.some(succeeded)) {
      done += 1;
      continue;
    }
    // Listed to the second: of two attempts in the same second, the higher id is the later.
    const newest = attempts.reduce((a, b) => (later(b, a) ? b : a));
    const first = Math.min(...attempts.map((attempt) => Date.parse(attempt.delivered_at)));
    due.push({ first, newest });
  }
  due.sort((a, b) => a.first - b.first || a.newest.id - b.newest.id);
  return { redeliver: due.map((entry) => entry.newest), inWindow: recent.length, events: byGuid.size, succeeded: done };
}

function later(a: DeliveryAttempt, b: DeliveryAttempt): boolean {
  const apart = Date.parse(a.delivered_at) - Date.parse(b.delivered_at);
  return apart > 0 || (apart === 0 && a.id > b.id);
}
