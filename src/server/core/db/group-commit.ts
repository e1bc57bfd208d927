interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit for small, hot writes (read receipts, scans): every item submitted in the same
 * turn of the event loop is written by one `flush` call — one statement, one transaction —
 * and each caller's promise settles only after that write committed, so an acknowledged item is
 * durable. On SQLite a commit costs far more than a row (see the bench's raw insert figures);
 * this shares it. No timer adds latency: a batch starts on the next setImmediate, and items
 * arriving while it is written form the next batch.
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.run());
      }
    });
  }

  private async run(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const results = await this.flush(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
    if (this.queue.length > 0) setImmediate(() => void this.run());
    else this.scheduled = false;
  }
}
