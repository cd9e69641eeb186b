import type { Probot } from "probot";

type VerifyAndReceive = Probot["webhooks"]["verifyAndReceive"];

export interface RunningDelivery {
  /** `X-GitHub-Delivery`: the guid GitHub redelivers under. */
  id: string;
  event: string;
  startedAt: number;
}

/**
 * The deliveries the server is working on, so a shutdown can wait for them and say which it cut off.
 *
 * Probot's HTTP middleware hands every delivery to `webhooks.verifyAndReceive`, whose promise
 * settles once every handler of the delivery has settled: also after the middleware has answered
 * GitHub 202 at 9 s and the handlers run on. Wrapping that one function counts exactly the work
 * in flight without touching a handler. Once closed, a delivery that still reaches it (over a
 * connection opened before) is answered 503, which GitHub records as failed and redelivers later.
 */
export class InFlightDeliveries {
  private readonly running = new Set<RunningDelivery>();
  private closed = false;
  private waiting: (() => void)[] = [];

  watch(webhooks: { verifyAndReceive: VerifyAndReceive }): void {
    const receive = webhooks.verifyAndReceive;
    webhooks.verifyAndReceive = async (event) => {
      if (this.closed) throw shuttingDown();
      const delivery: RunningDelivery = { id: event.id, event: event.name, startedAt: Date.now() };
      this.running.add(delivery);
      try {
        return await receive(event);
      } finally {
        this.running.delete(delivery);
        if (this.running.size === 0) for (const resolve of this.waiting.splice(0)) resolve();
      }
    };
  }

  /** Refuse deliveries from now on. */
  close(): void {
    this.closed = true;
  }

  list(): RunningDelivery[] {
    return [...this.running];
  }

  /** Resolves once no delivery is running. */
  idle(): Promise<void> {
    return this.running.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** Probot's middleware answers with the status of the first error of an AggregateError. */
function shuttingDown(): AggregateError {
  const error = Object.assign(new Error("the server is shutting down: deliver again later"), { status: 503 });
  return new AggregateError([error], error.message);
}
