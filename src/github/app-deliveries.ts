import type { Octokit } from "./github-client.js";

/** One attempt at delivering a webhook, as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  /** The attempt's own id: what `POST /app/hook/deliveries/{delivery_id}/attempts` redelivers. */
  id: number;
  /** The event's id (`X-GitHub-Delivery`), shared by every attempt at delivering it. */
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  /** GitHub's words for the answer: "OK", "Invalid HTTP Response: 503", "failed to connect" … */
  status: string;
  /** The server's HTTP status; 0 when there was no answer (refused, timed out). */
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
}

/**
 * The app's own webhook deliveries, read and redelivered with the app's JWT (`probot.auth()`
 * without an installation id): GitHub answers these endpoints to the app only, never to an
 * installation token. They need no permission beyond being the app.
 */
export class AppDeliveries {
  /** @param dryRun when given, redeliveries are described to it instead of requested. */
  constructor(
    private readonly appOctokit: Octokit,
    private readonly dryRun?: (write: string) => void,
  ) {}

  /**
   * Deliveries from the newest back to `since`, page by page (100 a page, the `cursor` of each
   * `Link` header): GitHub lists them newest first, so paging stops at the first page that reaches
   * past `since`. That page's older deliveries are returned too; the caller filters by time.
   */
  async listSince(since: Date): Promise<{ deliveries: HookDelivery[]; pages: number }> {
    const deliveries: HookDelivery[] = [];
    let pages = 0;
    for await (const { data } of this.appOctokit.paginate.iterator("GET /app/hook/deliveries", { per_page: 100 })) {
      pages += 1;
      const page = data as HookDelivery[];
      deliveries.push(...page);
      const oldest = page.at(-1);
      if (!oldest || Date.parse(oldest.delivered_at) < since.getTime()) break;
    }
    return { deliveries, pages };
  }

  /** Asks GitHub to deliver the attempt's payload again (same guid, signed anew); GitHub answers 202. */
  async redeliver(delivery: HookDelivery): Promise<void> {
    const what = `redeliver delivery ${delivery.id} (${delivery.event}${delivery.action ? `.${delivery.action}` : ""}, guid ${delivery.guid}, last attempt ${delivery.delivered_at}: ${delivery.status})`;
    if (this.dryRun) return this.dryRun(what);
    await this.appOctokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: delivery.id });
  }
}
