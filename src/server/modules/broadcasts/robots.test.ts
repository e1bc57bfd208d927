import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';
import { dingtalkSignedUrl } from '../groups/index.ts';
import { createBroadcastServices } from './index.ts';

interface Received {
  url: string;
  body: Record<string, unknown>;
}

/** A stand-in robot endpoint: answers the first `failures` posts with errors, then errcode 0. */
function robotServer(failures: number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
      if (received.length <= failures) {
        if (received.length % 2 === 1) res.writeHead(502).end('bad gateway');
        else
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"errcode":45009,"errmsg":"api freq out of limit"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  return {
    received,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('DingTalk signing', () => {
  it('appends timestamp and the URL-encoded base64 HmacSHA256 of "timestamp\\nsecret"', () => {
    const url = dingtalkSignedUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
      'SECxyz',
      1700000000000,
    );
    const expected = createHmac('sha256', 'SECxyz').update('1700000000000\nSECxyz').digest('base64');
    expect(url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=${encodeURIComponent(expected)}`,
    );
    expect(url).not.toMatch(/sign=[^&]*[+/=]/);
  });
});

describe.each(dialects)('robot deliveries on %s', (dialect) => {
  let t: TestApp;
  let official: Client & { user: TestUser };
  let village: { id: number; path: string };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    official = await t.as('official', '210881');
    village = await t.node('210881117207');
  });
  afterAll(() => t.close());

  async function robotGroup(channel: 'wecom' | 'dingtalk', base: string, secret: string | null = null) {
    const url =
      channel === 'wecom'
        ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key'
        : 'https://oapi.dingtalk.com/robot/send?access_token=test-token';
    const res = await official.post('/api/groups', {
      nodeId: village.id,
      name: `${channel} 机器人群 ${Date.now()}`,
      ownerUserId: official.user.id,
      memberCount: 300,
      channel,
      webhookUrl: url,
      secret,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().webhookHost).toBe(new URL(url).host);
    // Point the stored robot at the local stand-in; the API only accepts the real robot hosts.
    await t.ctx.db
      .withTables<{ alliance_groups: { id: number; webhook_url: string | null } }>()
      .updateTable('alliance_groups')
      .set({ webhook_url: `${base}/${channel}?k=1` })
      .where('id', '=', res.json().id)
      .execute();
    return res.json().id as number;
  }

  async function publish(title: string) {
    const res = await official.post('/api/broadcasts', {
      kind: 'release',
      title,
      body: '**封闭管理**，详见 [通告](https://www.yingkou.gov.cn/)',
      targetNodeIds: [village.id],
      audience: ['everyone'],
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  }

  it('retries a WeCom robot that fails, with back-off, until it answers errcode 0, then counts the group as relayed', async () => {
    const robot = robotServer(2);
    const base = await robot.start();
    try {
      const groupId = await robotGroup('wecom', base);
      const id = await publish('机器人重试');
      const service = createBroadcastServices(t.ctx).relays;
      const now = Date.now() + 1000;
      expect(await service.deliverDue(now)).toBe(0);
      expect(robot.received).toHaveLength(1);
      expect(await service.deliverDue(now + 1000)).toBe(0);
      expect(robot.received).toHaveLength(1);
      expect(await service.deliverDue(now + 5_000)).toBe(0);
      expect(robot.received).toHaveLength(2);
      expect(await service.deliverDue(now + 5_000 + 30_000)).toBe(1);
      expect(robot.received).toHaveLength(3);
      expect(await service.deliverDue(now + 10 * 60_000)).toBe(0);
      expect(robot.received).toHaveLength(3);

      const payload = robot.received[2]!.body as { msgtype: string; markdown: { content: string } };
      expect(payload.msgtype).toBe('markdown');
      expect(payload.markdown.content).toContain('## 机器人重试');
      expect(payload.markdown.content).toContain('封闭管理，详见 通告（https://www.yingkou.gov.cn/）');
      expect(Object.keys(payload.markdown)).toEqual(['content']);

      const log = (await official.get(`/api/broadcasts/${id}/deliveries`)).json();
      expect(log).toEqual([
        expect.objectContaining({
          groupId,
          channel: 'wecom',
          status: 'delivered',
          attempts: 3,
          lastStatus: 200,
          lastError: null,
        }),
      ]);
      const reach = (await official.get(`/api/broadcasts/${id}/reach`)).json();
      expect(reach.totals).toMatchObject({ groups: 1, relayed: 1, groupReach: 300 });
    } finally {
      await robot.close();
      await t.ctx.db
        .withTables<{ alliance_groups: { active: number } }>()
        .updateTable('alliance_groups')
        .set({ active: 0 })
        .execute();
    }
  });

  it('signs DingTalk posts and gives up after the last retry, leaving a dead entry in the log', async () => {
    const robot = robotServer(100);
    const base = await robot.start();
    try {
      await robotGroup('dingtalk', base, 'SECtest');
      const id = await publish('钉钉签名');
      const service = createBroadcastServices(t.ctx).relays;
      let now = Date.now() + 1000;
      for (const delay of [0, 5_000, 30_000, 120_000, 600_000, 1_800_000]) {
        now += delay;
        await service.deliverDue(now);
      }
      expect(robot.received).toHaveLength(6);
      await service.deliverDue(now + 24 * 3600_000);
      expect(robot.received).toHaveLength(6);
      const first = robot.received[0]!;
      const query = new URLSearchParams(first.url.split('?')[1]);
      const timestamp = query.get('timestamp')!;
      expect(query.get('sign')).toBe(
        createHmac('sha256', 'SECtest').update(`${timestamp}\nSECtest`).digest('base64'),
      );
      const body = first.body as { msgtype: string; markdown: { title: string; text: string } };
      expect(body.msgtype).toBe('markdown');
      expect(body.markdown.title).toBe('钉钉签名');
      expect(body.markdown.text).toContain('## 钉钉签名');
      const log = (await official.get(`/api/broadcasts/${id}/deliveries`)).json();
      expect(log).toEqual([expect.objectContaining({ status: 'dead', attempts: 6 })]);
      expect(log[0].lastError).toBeTruthy();
    } finally {
      await robot.close();
    }
  });

  it('refuses a robot address that is not a WeCom or DingTalk webhook', async () => {
    const res = await official.post('/api/groups', {
      nodeId: village.id,
      name: '可疑群',
      ownerUserId: official.user.id,
      memberCount: 10,
      channel: 'wecom',
      webhookUrl: 'http://169.254.169.254/latest/meta-data',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'webhookUrl', code: 'ROBOT_URL_INVALID' });
  });
});
