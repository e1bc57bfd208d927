import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffAfter, newWebhookSecret, signWebhook, WEBHOOK_MAX_ATTEMPTS } from './webhooks.ts';

describe('webhook signing and backoff', () => {
  it('signs timestamp.body with HMAC-SHA256 so a receiver can recompute it', () => {
    const secret = newWebhookSecret();
    const body = '{"id":1,"type":"x"}';
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, '1700000000', body)).toBe(`sha256=${expected}`);
    expect(signWebhook(secret, '1700000001', body)).not.toBe(`sha256=${expected}`);
  });

  it('makes every secret different and long enough to resist guessing', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('backs off 10 s, 30 s, 2 min, 10 min, 1 h … growing, within the attempt budget', () => {
    expect([1, 2, 3, 4, 5].map(backoffAfter)).toEqual([10_000, 30_000, 120_000, 600_000, 3_600_000]);
    const waits = Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) => backoffAfter(i + 1));
    for (let i = 1; i < waits.length; i += 1) expect(waits[i]).toBeGreaterThan(waits[i - 1]!);
  });
});
