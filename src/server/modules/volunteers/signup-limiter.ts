/**
 * Per-address sliding window on public sign-ups, in memory: each sign-up costs a password hash
 * (~40 ms of CPU), so an address gets a small budget.
 */
export class SignupLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    readonly maxAttempts = 20,
    private readonly windowMs = 10 * 60_000,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.attempts.set(key, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) {
      for (const [k, times] of this.attempts)
        if (times.every((t) => t <= now - this.windowMs)) this.attempts.delete(k);
    }
    return true;
  }
}
