import { createHmac } from 'node:crypto';
import type { GroupChannel } from '../../../contracts/alliance.ts';

/** WeCom caps a markdown message at 4,096 bytes; DingTalk allows more, one limit keeps both safe. */
const MAX_TEXT_CHARS = 1200;

export interface RobotTarget {
  channel: GroupChannel;
  webhook_url: string | null;
  secret: string | null;
}

export interface RobotResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

function clip(text: string): string {
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}…` : text;
}

/** WeCom group robot: {msgtype:'markdown', markdown:{content}}. */
export function wecomPayload(title: string, text: string) {
  return { msgtype: 'markdown', markdown: { content: `## ${title}\n${clip(text)}` } };
}

/** DingTalk group robot: {msgtype:'markdown', markdown:{title, text}}. */
export function dingtalkPayload(title: string, text: string) {
  return { msgtype: 'markdown', markdown: { title, text: `## ${title}\n\n${clip(text)}` } };
}

/**
 * DingTalk's "sign" security setting: HmacSHA256 over `timestamp + "\n" + secret` keyed with the
 * secret, base64, URL-encoded, appended as &timestamp=…&sign=…; DingTalk refuses a timestamp more
 * than an hour off.
 */
export function dingtalkSignedUrl(url: string, secret: string, timestamp: number): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return `${url}&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

/**
 * Posts one message to a group robot. Both services answer HTTP 200 with {errcode, errmsg}: only
 * errcode 0 is a delivery; anything else (rate limit 45009 / 130101, bad key) is retried.
 */
export async function sendToRobot(
  target: RobotTarget,
  title: string,
  text: string,
  now = Date.now(),
): Promise<RobotResult> {
  if (target.channel === 'none' || !target.webhook_url) return { ok: false, status: null, error: 'no robot' };
  const url =
    target.channel === 'dingtalk' && target.secret
      ? dingtalkSignedUrl(target.webhook_url, target.secret, now)
      : target.webhook_url;
  const payload = target.channel === 'wecom' ? wecomPayload(title, text) : dingtalkPayload(title, text);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(5000),
    });
    const body = await res.text();
    if (!res.ok) return { ok: false, status: res.status, error: body.slice(0, 200) || res.statusText };
    let errcode: unknown = 0;
    try {
      errcode = (JSON.parse(body) as { errcode?: unknown }).errcode ?? 0;
    } catch {
      errcode = 0;
    }
    if (errcode !== 0) return { ok: false, status: res.status, error: body.slice(0, 200) };
    return { ok: true, status: res.status, error: null };
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message.slice(0, 200) };
  }
}
