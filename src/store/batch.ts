/**
 * Coalesces the single-row statements of concurrent jobs into one statement per batch.
 *
 * Why: on the delivery hot path each job ran two one-row statements; at a fan-out's concurrency
 * the time went into the round trips themselves (one socket write and one Postgres statement
 * per row), not into the rows. A batcher collects the requests made while the event loop turns
 * (and while earlier batches are in flight, up to `maxInFlight`), runs them as one statement and
 * hands each caller its own result. Nothing is delayed on purpose: a lone request runs on the
 * next turn of the loop, as soon as a slot is free.
 *
 * Each caller's promise settles only after the statement that carries its row completed, so a
 * caller that goes on (sends a message, completes a job) does so exactly when it would have
 * with its own statement. If the statement fails, every caller of that batch gets the error.
 */
export interface Batcher<I, O> {
  /** Queues one request; resolves with its own result once its batch ran. */
  run(item: I): Promise<O>;
}

export interface BatcherOptions<I, O> {
  /** Runs one batch; returns one result per item, in the same order. */
  exec(items: I[]): Promise<O[]>;
  /**
   * When a whole batch fails (a deadlock, a bad row), each of its items is run again alone with
   * this, and each caller gets its own outcome. Without it every caller gets the batch's error.
   */
  single?(item: I): Promise<O>;
  /** Items per statement. Default: 500. */
  maxSize?: number;
  /** Statements running at once (keep it at most the pool size). Default: 4. */
  maxInFlight?: number;
}

export function createBatcher<I, O>(o: BatcherOptions<I, O>): Batcher<I, O> {
  const maxSize = o.maxSize ?? 500;
  const maxInFlight = o.maxInFlight ?? 4;
  type Waiting = { item: I; resolve: (v: O) => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxSize);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void (async () => {
        try {
          let results: O[];
          try {
            results = await o.exec(batch.map((w) => w.item));
            if (results.length !== batch.length)
              throw new Error(`batch: ${results.length} results for ${batch.length} items`);
          } catch (err) {
            const single = o.single;
            if (!single) throw err;
            await Promise.all(batch.map((w) => single(w.item).then(w.resolve, w.reject)));
            return;
          }
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch (err) {
          for (const w of batch) w.reject(err);
        } finally {
          inFlight -= 1;
          schedule();
        }
      })();
    }
  };
  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(pump);
  };

  return {
    run(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}
