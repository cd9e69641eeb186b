import FakeTimers from "@sinonjs/fake-timers";

/**
 * Runs `work` on a fake clock (timers and `Date`), so that minutes of paced work take a moment
 * and their paced time is exact. Real I/O still runs: nock answers `fetch` through the event loop,
 * templates are read from disk. The clock moves on to the next timer only when no `fetch` (nor the
 * reading of its body) and no file request is in flight, so the elapsed time is what the work
 * spent waiting on timers (Bottleneck's pacing, retry-after), not the time it took to compute. Each request adds
 * about a millisecond (the fake clock runs a timer set during a timer 1 ms later).
 * Shared by the production client's tests and by the pacing bench.
 */
export async function onFakeClock<T>(work: () => Promise<T>): Promise<{ value: T; elapsedMs: number }> {
  const realFetch = globalThis.fetch;
  let inFlight = 0;
  const counted = async <R>(run: () => Promise<R>): Promise<R> => {
    inFlight++;
    try {
      return await run();
    } finally {
      inFlight--;
    }
  };
  globalThis.fetch = (...args: Parameters<typeof fetch>) =>
    counted(async () => {
      const response = await realFetch(...args);
      for (const read of ["text", "json", "arrayBuffer"] as const) {
        const original = response[read].bind(response);
        Object.assign(response, { [read]: () => counted(original) });
      }
      return response;
    });
  const clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], now: Date.now() });
  try {
    const started = clock.now;
    let outcome: { value: T } | { error: unknown } | undefined;
    void work().then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    while (!outcome) {
      // setImmediate is not faked: a turn of the real event loop lets answers and their promise chains run.
      await new Promise((resolve) => setImmediate(resolve));
      // Fires the next timer: at once if one is due, else after moving the clock to it.
      if (!outcome && inFlight === 0 && !readingFiles()) clock.next();
    }
    const elapsedMs = clock.now - started;
    if ("error" in outcome) throw outcome.error;
    return { value: outcome.value, elapsedMs };
  } finally {
    clock.uninstall();
    globalThis.fetch = realFetch;
  }
}

/** A file system request in flight (FSReqPromise, FSReqCallback, CloseReq...): real work the clock must wait for. */
function readingFiles(): boolean {
  return process.getActiveResourcesInfo().some((resource) => /Req/.test(resource));
}
