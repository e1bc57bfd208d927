/**
 * Per-address sliding window on sign-in attempts, in memory: it blunts password spraying across
 * accounts, while the per-account lockout (in the database, shared by instances) stops guessing
 * one account's password.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts = 30,
    private readonly windowMs = 5 * 60_000,
  ) {}

  /** Counts an attempt; false when the address is over its budget. */
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.attempts.set(key, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    for (const [key, times] of this.attempts) {
      if (times.every((t) => t <= now - this.windowMs)) this.attempts.delete(key);
    }
  }
}
