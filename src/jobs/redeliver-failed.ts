import type { Logger } from "probot";
import { AppDeliveries } from "../github/app-deliveries.js";
import { statusOf, type Octokit } from "../github/github-client.js";
import { planRedeliveries, REDELIVERY_WINDOW_MS } from "./plan-redeliveries.js";

export interface RedeliveryOptions {
  now?: Date;
  /** Describe the redeliveries instead of asking for them. */
  dryRun?: (write: string) => void;
}

export interface RedeliveryReport {
  /** Pages of `GET /app/hook/deliveries` read (100 deliveries a page). */
  pages: number;
  /** Delivery attempts within the window, and the events (guids) they were for. */
  deliveries: number;
  events: number;
  /** Events with a successful attempt: left alone. */
  succeeded: number;
  /** Events asked to be redelivered (described, in a dry run). */
  redelivered: number;
  /** Events whose redelivery GitHub refused (logged; asked again on the next run). */
  refused: number;
}

/**
 * GitHub never redelivers a failed webhook by itself. This job, run with the app's JWT, lists the
 * app's deliveries of the last 3 days and asks GitHub to redeliver, once per run, every event none
 * of whose attempts succeeded (a deploy, a crash, a shutdown that cut work off, a 5xx). The
 * handlers converge, so an event handled twice (a redelivery racing a late success) writes nothing new.
 *
 * Cost: the pages of the window's deliveries, plus one POST per event redelivered.
 */
export async function redeliverFailed(appOctokit: Octokit, log: Logger, options: RedeliveryOptions = {}): Promise<RedeliveryReport> {
  const now = options.now ?? new Date();
  const github = new AppDeliveries(appOctokit, options.dryRun);

  // 1. What GitHub tried to deliver in the window.
  const { deliveries, pages } = await github.listSince(new Date(now.getTime() - REDELIVERY_WINDOW_MS));
  // 2. Which events never arrived.
  const plan = planRedeliveries(deliveries, now);
  // 3. Ask for each once; one refusal does not stop the others.
  let refused = 0;
  for (const delivery of plan.redeliver) {
    try {
      await github.redeliver(delivery);
      log.debug({ delivery: delivery.id, guid: delivery.guid, event: delivery.event, action: delivery.action }, "delivery redelivered");
    } catch (error) {
      refused += 1;
      log.warn({ err: error, status: statusOf(error), delivery: delivery.id, guid: delivery.guid, event: delivery.event }, "GitHub refused to redeliver a failed delivery");
    }
  }
  const report: RedeliveryReport = {
    pages,
    deliveries: plan.inWindow,
    events: plan.events,
    succeeded: plan.succeeded,
    redelivered: plan.redeliver.length - refused,
    refused,
  };
  log.info({ ...report, ...(options.dryRun ? { dryRun: true } : {}) }, "failed deliveries redelivered");
  return report;
}
