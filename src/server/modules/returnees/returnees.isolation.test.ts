import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { idCheckDigit } from '../../../contracts/alliance.ts';
import { addDays, beijingDay } from '../../core/figures/index.ts';
import { createPublicReportService, SMS } from './index.ts';
import type { ReturneeTables } from './returnees.tables.ts';

const VILLAGE = '210881117207';
const OTHER_VILLAGE = '210802001003';

let seq = 500;
function idNumber(): string {
  seq += 1;
  const first17 = `21088119900202${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** The QR images of a PDF (pdf-lib streams, inflated, scaled up), read back with jsQR. */
function qrTexts(pdf: PDFDocument): string[] {
  const found: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const size = (object.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const gray = inflateSync(object.contents);
    const scale = 6;
    const side = size * scale;
    const rgba = new Uint8ClampedArray(side * side * 4);
    for (let y = 0; y < side; y += 1)
      for (let x = 0; x < side; x += 1) {
        const v = gray[Math.floor(y / scale) * size + Math.floor(x / scale)]!;
        rgba.set([v, v, v, 255], (y * side + x) * 4);
      }
    const qr = jsQR(rgba, side, side);
    if (qr) found.push(qr.data);
  }
  return found;
}

describe.each(dialects)(
  'isolation facilities, contacts, certificates and the public form on %s',
  (dialect) => {
    let t: TestApp;
    let cadre: Client;
    let street: Client;
    let other: Client;
    let villageId: number;
    let streetId: number;
    const today = beijingDay(Date.now());

    const register = async (over: Record<string, unknown> = {}, by: Client = cadre, nodeId = villageId) => {
      const res = await by.post('/api/returnees', {
        nodeId,
        name: '赵春生',
        idNumber: idNumber(),
        phone: '13904170001',
        address: '3组 5号',
        fromCode: '4201',
        arrivalDay: addDays(today, -4),
        transport: 'train',
        transportNo: 'G1234',
        category: 'medium',
        ...over,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number };
    };
    const central = async () => {
      const { id } = await register({ category: 'high' });
      const placed = await cadre.post(`/api/returnees/${id}/isolation`, {
        startDay: today,
        measure: 'central',
      });
      expect(placed.statusCode, placed.body).toBe(200);
      return id;
    };
    const facility = async (rooms: Array<{ label: string; capacity: number }>) => {
      const res = await street.post('/api/returnee-facilities', {
        nodeId: streetId,
        name: '鲅鱼圈隔离酒店',
        rooms,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; rooms: Array<{ id: number; label: string }> };
    };

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      cadre = await t.as('official', VILLAGE);
      street = await t.as('official', '210881117');
      other = await t.as('official', OTHER_VILLAGE);
      villageId = (await t.node(VILLAGE)).id;
      streetId = (await t.node('210881117')).id;
      const centre = await t.as('command_centre', '2108');
      const rules = await centre.put('/api/returnee-rules', {
        rules: [{ category: 'medium', measure: 'home', days: 3, perDay: 2, lostAfterDays: 2 }],
      });
      expect(rules.statusCode, rules.body).toBe(200);
    });
    afterAll(() => t.close());

    it('fills a room up to its capacity and no further under concurrent assignments', async () => {
      const f = await facility([
        { label: '101', capacity: 2 },
        { label: '102', capacity: 1 },
      ]);
      // The village cadre sees the street's facility and places its people there.
      const seen = (await cadre.get('/api/returnee-facilities')).json() as Array<{ id: number }>;
      expect(seen.map((x) => x.id)).toContain(f.id);
      const people = await Promise.all([1, 2, 3, 4, 5].map(() => central()));
      const room = f.rooms.find((r) => r.label === '101')!.id;
      const answers = await Promise.all(
        people.map((id) => cadre.post(`/api/returnees/${id}/room`, { roomId: room })),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 409, 409, 409]);
      expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe('ROOM_FULL');
      const rows = await t.ctx.db
        .withTables<ReturneeTables>()
        .selectFrom('returnee_rooms')
        .select(['occupied', 'capacity'])
        .where('id', '=', room)
        .executeTakeFirstOrThrow();
      expect(rows).toEqual({ occupied: 2, capacity: 2 });
      const placed = answers.findIndex((a) => a.statusCode === 200);
      expect(answers[placed]!.json().room).toBe('鲅鱼圈隔离酒店 · 101');
      // Moving a person frees their old bed.
      const moved = await cadre.post(`/api/returnees/${people[placed]}/room`, {
        roomId: f.rooms.find((r) => r.label === '102')!.id,
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const after = (await cadre.get('/api/returnee-facilities')).json() as Array<{
        id: number;
        rooms: Array<{ label: string; occupied: number }>;
      }>;
      expect(after.find((x) => x.id === f.id)!.rooms.map((r) => [r.label, r.occupied])).toEqual([
        ['101', 1],
        ['102', 1],
      ]);
    });

    it('gives a room only to a person in central isolation, and hides facilities of other streets', async () => {
      const f = await facility([{ label: 'A1', capacity: 3 }]);
      const { id } = await register();
      const refused = await cadre.post(`/api/returnees/${id}/room`, { roomId: f.rooms[0]!.id });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('ROOM_NOT_CENTRAL');
      const theirs = (await other.get('/api/returnee-facilities')).json() as Array<{ id: number }>;
      expect(theirs.map((x) => x.id)).not.toContain(f.id);
    });

    it('lists everyone on a case trip as contacts, each reader seeing only their own subtree, masked above the community', async () => {
      const trip = { transportNo: 'G8888', arrivalDay: addDays(today, -6) };
      const c = await register({ ...trip, name: '孙病例' });
      const mate = await register({ ...trip, name: '周同车' });
      const far = await register({ ...trip, name: '吴远方' }, other, (await t.node(OTHER_VILLAGE)).id);
      await register({ transportNo: 'G8888', arrivalDay: addDays(today, -5), name: '郑次日' });
      const traced = await cadre.post(`/api/returnees/${c.id}/contacts/trace`, {
        transportNo: 'G8888',
        day: trip.arrivalDay,
      });
      expect(traced.statusCode, traced.body).toBe(200);
      expect(traced.json().listed).toBe(2);
      // The village cadre sees its own contact by name; the other village's contact is outside its scope.
      expect(traced.json().contacts).toEqual([
        expect.objectContaining({
          contactId: mate.id,
          name: '周同车',
          relation: 'same_transport',
          lastContactDay: trip.arrivalDay,
        }),
      ]);
      const events = await t.ctx.db
        .selectFrom('events')
        .select(['node_path'])
        .where('type', '=', 'returnees.contacts-listed')
        .execute();
      expect(events.length).toBe(2);
      // A retry lists nobody twice; a household contact is added by hand.
      const again = await cadre.post(`/api/returnees/${c.id}/contacts/trace`, {
        transportNo: 'G8888',
        day: trip.arrivalDay,
      });
      expect(again.json().listed).toBe(0);
      const wife = await register({ name: '王家属', transportNo: '' });
      const added = await cadre.post(`/api/returnees/${c.id}/contacts`, {
        contactId: wife.id,
        relation: 'household',
        lastContactDay: today,
      });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json().map((x: { name: string }) => x.name)).toEqual(['王家属', '周同车']);
      const streetView = (await street.get(`/api/returnees/${c.id}/contacts`)).json() as Array<{
        name: string;
      }>;
      expect(streetView.map((x) => x.name)).toEqual(['王*属', '周*车']);
      expect((await other.get(`/api/returnees/${c.id}/contacts`)).statusCode).toBe(404);
      expect(far.id).toBeGreaterThan(0);
      const self = await cadre.post(`/api/returnees/${c.id}/contacts`, {
        contactId: c.id,
        relation: 'other',
        lastContactDay: today,
      });
      expect(self.json().error.code).toBe('CONTACT_SELF');
    });

    it('prints a numbered release certificate whose text reads back and whose QR verifies at the gate', async () => {
      const { id } = await register({ name: '李解除' });
      await cadre.post(`/api/returnees/${id}/isolation`, { startDay: addDays(today, -4) });
      const v = (await cadre.get(`/api/returnees/${id}/visits`)).json() as Array<{ id: number; day: string }>;
      const last = v.filter((x) => x.day === addDays(today, -2)).at(-1)!;
      await cadre.post(`/api/returnee-visits/${last.id}`, { outcome: 'seen', temperature: 36.5 });
      expect((await cadre.get(`/api/returnees/${id}/release-certificate.pdf`)).statusCode).toBe(409);
      const released = await cadre.post(`/api/returnees/${id}/release`);
      expect(released.statusCode, released.body).toBe(200);

      const res = await cadre.get(`/api/returnees/${id}/release-certificate.pdf`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      const number = `JC-${today.slice(0, 4)}-${String(id).padStart(6, '0')}`;
      const file = join(mkdtempSync(join(tmpdir(), 'xh-release-')), 'release.pdf');
      writeFileSync(file, res.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('解除隔离证明');
      expect(text).toContain(number);
      expect(text).toContain('李解除');
      expect(text).toContain(`${addDays(today, -4)} 至 ${addDays(today, -2)}`);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      const pdf = await PDFDocument.load(res.rawPayload);
      const fonts = [...pdf.context.enumerateIndirectObjects()]
        .map(([, o]) => o)
        .filter(
          (o): o is PDFDict =>
            o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
        );
      expect(fonts.some((f) => f.get(PDFName.of('FontFile2')) instanceof PDFRef)).toBe(true);

      const [url] = qrTexts(pdf);
      expect(url).toMatch(new RegExp(`/api/public/release-certificates/${number}\\?k=\\d+&s=`));
      const path = url!.slice(url!.indexOf('/api/'));
      const gate = t.anonymous();
      const ok = await gate.get(path);
      expect(ok.json()).toMatchObject({ valid: true, number, name: '李*除', endDay: addDays(today, -2) });
      const forged = await gate.get(path.replace(/s=.{4}/, 's=AAAA'));
      expect(forged.json().valid).toBe(false);
      const audited = await t.ctx.db
        .selectFrom('audit_log')
        .select('reason')
        .where('entity_id', '=', String(id))
        .where('action', '=', 'personal.read')
        .where('reason', '=', 'release')
        .execute();
      expect(audited.length).toBeGreaterThanOrEqual(1);
    });

    it('takes a report without an account once the phone proves itself with a one-time code', async () => {
      const phone = '13704170001';
      const anon = t.anonymous();
      const places = (await anon.get('/api/public/returnee-places?q=贾屯')).json() as Array<{
        id: number;
        name: string;
      }>;
      expect(places.map((p) => p.id)).toContain(villageId);
      expect((await anon.post('/api/public/returnee-codes', { phone })).statusCode).toBe(200);
      // One code a minute per phone.
      const again = await anon.post('/api/public/returnee-codes', { phone });
      expect(again.statusCode).toBe(429);
      expect(again.json().error.code).toBe('SMS_TOO_SOON');
      const codes = t.ctx.db.withTables<ReturneeTables>();
      const sent = await codes
        .selectFrom('returnee_sms_outbox')
        .selectAll()
        .where('phone', '=', phone)
        .execute();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.sent_at).not.toBeNull();
      const code = /(\d{6})/.exec(sent[0]!.body)![1]!;
      const stored = await codes
        .selectFrom('returnee_sms_codes')
        .selectAll()
        .where('phone', '=', phone)
        .execute();
      expect(stored[0]!.code_hash).not.toContain(code);

      const body = {
        nodeId: villageId,
        name: '陈公开',
        idNumber: idNumber(),
        phone,
        fromCode: '4201',
        arrivalDay: today,
        transport: 'car',
        transportNo: '鄂A12345',
      };
      const wrong = await anon.post('/api/public/returnees', {
        ...body,
        code: code === '000000' ? '111111' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('SMS_CODE_INVALID');
      const ok = await anon.post('/api/public/returnees', { ...body, code });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().reference).toMatch(/^FX-\d{6}$/);
      // Used up: the same code registers nobody else.
      const reused = await anon.post('/api/public/returnees', { ...body, idNumber: idNumber(), code });
      expect(reused.json().error.code).toBe('SMS_CODE_INVALID');
      const list = (await cadre.get('/api/returnees')).json() as {
        items: Array<{ name: string; selfReported: boolean; category: string }>;
      };
      expect(list.items.find((r) => r.name === '陈公开')).toMatchObject({
        selfReported: true,
        category: 'medium',
      });
    });

    it('caps tries per code, codes per phone and per address, and expires a code', async () => {
      const outbox: string[] = [];
      const service = createPublicReportService(t.ctx, { deliver: async (m) => void outbox.push(m.body) });
      const phone = '13704170002';
      const start = Date.now();
      for (let i = 0; i < SMS.perPhonePerHour; i += 1)
        await service.requestCode(phone, '10.0.0.1', start + i * 61_000);
      await expect(service.requestCode(phone, '10.0.0.1', start + 10 * 61_000)).rejects.toMatchObject({
        code: 'SMS_RATE_LIMITED',
      });
      for (let i = 0; i < SMS.perIpPerHour; i += 1)
        await service.requestCode(`1370418${String(i).padStart(4, '0')}`, '10.0.0.2', start);
      await expect(service.requestCode('13704189999', '10.0.0.2', start)).rejects.toMatchObject({
        code: 'SMS_RATE_LIMITED',
      });

      const body = {
        nodeId: villageId,
        name: '陈试码',
        idNumber: idNumber(),
        phone,
        address: '',
        fromCode: '4201',
        arrivalDay: today,
        transport: 'car' as const,
        transportNo: '',
        companions: 0,
      };
      const code = /(\d{6})/.exec(outbox[SMS.perPhonePerHour - 1]!)![1]!;
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < SMS.maxAttempts; i += 1)
        await expect(service.submit({ ...body, code: wrong }, '10.0.0.1', 'r')).rejects.toMatchObject({
          code: 'SMS_CODE_INVALID',
        });
      // The right code after the cap is refused too.
      await expect(service.submit({ ...body, code }, '10.0.0.1', 'r')).rejects.toMatchObject({
        code: 'SMS_CODE_INVALID',
      });

      const later = '13704170003';
      await service.requestCode(later, '10.0.0.3', Date.now() - SMS.expiresMs - 1000);
      const stale = /(\d{6})/.exec(outbox.at(-1)!)![1]!;
      await expect(
        service.submit({ ...body, phone: later, code: stale }, '10.0.0.3', 'r'),
      ).rejects.toMatchObject({
        code: 'SMS_CODE_INVALID',
      });
    });
  },
);
