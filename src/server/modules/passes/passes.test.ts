import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import jsQR from 'jsqr';
import { PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp, waitForJob } from '../../../../test/helpers.ts';
import { makeCompound } from '../compounds/compounds.fixtures.ts';

/** Every image XObject in the PDF, inflated and scaled up to RGBA, read back with jsQR. */
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
    for (let y = 0; y < side; y += 1) {
      for (let x = 0; x < side; x += 1) {
        const v = gray[Math.floor(y / scale) * size + Math.floor(x / scale)]!;
        const o = (y * side + x) * 4;
        rgba[o] = v;
        rgba[o + 1] = v;
        rgba[o + 2] = v;
        rgba[o + 3] = 255;
      }
    }
    const qr = jsQR(rgba, side, side);
    if (qr) found.push(qr.data);
  }
  return found;
}

describe.each(dialects)('passes on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  it('issues one pass per person: a second issue for the same resident is refused', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1, vehicles: 1 });
    const first = await c.official.post('/api/passes', { residentId: c.residents[0] });
    expect(first.statusCode).toBe(201);
    const pass = first.json();
    expect(pass).toMatchObject({ kind: 'person', status: 'active', compoundId: c.id });
    expect(pass.code).toMatch(/^[A-Za-z0-9_-]{112}$/);
    expect(pass.holder).toMatch(/^居\*+\d$/); // 孙*明: family name, length, last character
    const again = await c.official.post('/api/passes', { residentId: c.residents[0] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PASS_EXISTS');
    expect((await c.official.post('/api/passes', { vehicleId: c.vehicles[0] })).json().kind).toBe('vehicle');
  });

  it('carries no name and no ID number in the signed payload', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1, vehicles: 0 });
    const resident = (await c.official.get(`/api/residents/${c.residents[0]}`)).json();
    const pass = (await c.official.post('/api/passes', { residentId: c.residents[0] })).json();
    const bytes = Buffer.from(pass.code, 'base64url');
    expect(bytes.length).toBe(84);
    expect(bytes.includes(Buffer.from(resident.name))).toBe(false);
    expect(bytes.includes(Buffer.from(resident.idNumber))).toBe(false);
    expect(bytes.includes(Buffer.from(resident.idNumber.slice(0, 6)))).toBe(false);
  });

  it('revokes with the reason kept, renews with a new code, and serves both in the revocation list', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 2, vehicles: 0 });
    const a = (await c.official.post('/api/passes', { residentId: c.residents[0] })).json();
    const b = (await c.official.post('/api/passes', { residentId: c.residents[1] })).json();
    const revoked = await c.official.post(`/api/passes/${a.id}/revoke`, { reason: '已迁出本小区' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: '已迁出本小区' });
    expect((await c.official.post(`/api/passes/${a.id}/revoke`, { reason: '再次吊销' })).statusCode).toBe(
      409,
    );
    const renewed = await c.official.post(`/api/passes/${b.id}/renew`);
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json().id).not.toBe(b.id);
    expect(renewed.json().code).not.toBe(b.code);
    expect((await c.official.get(`/api/passes/${b.id}`)).json().status).toBe('replaced');
    const keeper = await t.as('gate_keeper', '210881117207');
    const list = (await keeper.get('/api/passes/revocations')).json();
    expect(list.passIds).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(list.passIds).not.toContain(renewed.json().id);
    const since = (await keeper.get(`/api/passes/revocations?since=${list.revision}`)).json();
    expect(since.passIds).toEqual([]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('reason')
      .where('action', '=', 'pass.revoked')
      .where('entity_id', '=', String(a.id))
      .executeTakeFirst();
    expect(audit?.reason).toBe('已迁出本小区');
  });

  it('bulk-issues every missing pass below a village with progress, skipping holders that have one', async () => {
    const official = await t.as('official', '210881117208');
    const c1 = await makeCompound(t, '210881117208', {
      households: 2,
      residentsPer: 2,
      vehicles: 1,
      official,
    });
    const c2 = await makeCompound(t, '210881117208', {
      households: 1,
      residentsPer: 3,
      vehicles: 0,
      official,
    });
    await official.post('/api/passes', { residentId: c1.residents[0] });
    const village = await t.node('210881117208');
    const started = await official.post('/api/pass-batches', { nodeId: village.id });
    expect(started.statusCode).toBe(202);
    const batch = await waitForJob(official, `/api/pass-batches/${started.json().id}`);
    expect(batch).toMatchObject({ status: 'done', total: 4 - 1 + 1 + 3, issued: 7 });
    const list1 = (await official.get(`/api/passes?compoundId=${c1.id}&status=active`)).json();
    const list2 = (await official.get(`/api/passes?compoundId=${c2.id}&status=active`)).json();
    expect(list1.total + list2.total).toBe(8);
    const again = await official.post('/api/pass-batches', { nodeId: village.id });
    expect((await waitForJob(official, `/api/pass-batches/${again.json().id}`)).issued).toBe(0);
  });

  it('rotates keys: new passes use the new key, old ones verify until the key retires; private keys never served', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 2, vehicles: 0 });
    const centre = await t.as('command_centre', '2108');
    const before = (await c.official.post('/api/passes', { residentId: c.residents[0] })).json();
    const keys = (await centre.post('/api/passes/keys/rotate')).json();
    const active = keys.find((k: { status: string }) => k.status === 'active');
    expect(active.keyId).toBeGreaterThan(before.keyId);
    expect(keys.find((k: { keyId: number }) => k.keyId === before.keyId).status).toBe('verifying');
    const after = (await c.official.post('/api/passes', { residentId: c.residents[1] })).json();
    expect(after.keyId).toBe(active.keyId);
    const keeper = await t.as('gate_keeper', '210881117207');
    const verifyOld = () =>
      keeper.post('/api/gate/verify', { compoundId: c.id, lane: 'person', code: before.code });
    expect((await verifyOld()).json().reason).toBe('ok');
    expect((await centre.post(`/api/passes/keys/${active.keyId}/retire`)).json().error.code).toBe(
      'PASS_KEY_ACTIVE',
    );
    await centre.post(`/api/passes/keys/${before.keyId}/retire`);
    // The gate's key cache may hold the old status for a few seconds; the keyring is per app.
    const { passKeyring } = await import('./index.ts');
    passKeyring(t.ctx).invalidate();
    expect((await verifyOld()).json().reason).toBe('retired_key');
    const served = JSON.stringify((await keeper.get('/api/passes/keys')).json());
    expect(served).not.toMatch(/private|pkcs8|v1\./);
    const stored = await t.ctx.db
      .withTables<import('./passes.tables.ts').PassTables>()
      .selectFrom('pass_keys')
      .select('private_key')
      .execute();
    for (const k of stored) expect(k.private_key.startsWith('v1.')).toBe(true);
    expect((await c.official.post('/api/passes/keys/rotate')).statusCode).toBe(403);
  });

  it('prints an A4 PDF of cards with the CJK font embedded and QR codes that decode to the passes', async () => {
    const c = await makeCompound(t, '210881117207', { households: 3, residentsPer: 3, vehicles: 1 });
    const issued: string[] = [];
    for (const r of c.residents)
      issued.push((await c.official.post('/api/passes', { residentId: r })).json().code);
    const res = await c.official.get(`/api/compounds/${c.id}/passes.pdf?kind=person`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getPageCount()).toBe(2); // 9 cards, 8 to a page
    const [w, h] = [pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()];
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    const fonts = [...pdf.context.enumerateIndirectObjects()]
      .map(([, o]) => o)
      .filter(
        (o): o is PDFDict =>
          o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
      );
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts[0]!.get(PDFName.of('FontFile2'))).toBeInstanceOf(PDFRef);
    expect(res.rawPayload.length).toBeLessThan(400_000); // a subset, not the 3.4 MB font
    expect(qrTexts(pdf).sort()).toEqual(issued.sort());
  });

  it('prints cards a second viewer (poppler) opens without errors and reads the compound, room and dates from', async () => {
    const c = await makeCompound(t, '210881117207', { households: 2, residentsPer: 1, vehicles: 0 });
    for (const r of c.residents) await c.official.post('/api/passes', { residentId: r });
    const res = await c.official.get(`/api/compounds/${c.id}/passes.pdf?kind=person`);
    const file = join(mkdtempSync(join(tmpdir(), 'xh-pdf-')), 'cards.pdf');
    writeFileSync(file, res.rawPayload);
    // poppler prints font and xref damage on stderr but still exits 0: stderr must stay empty.
    const run = (cmd: string, args: string[]) => {
      const out = spawnSync(cmd, args, { encoding: 'utf8' });
      expect(out.status, `${cmd} ${out.stderr}`).toBe(0);
      expect(out.stderr).toBe('');
      return out.stdout;
    };
    expect(run('pdfinfo', [file])).toMatch(/Pages:\s+1/);
    const text = run('pdftotext', ['-layout', file, '-']);
    expect(text).toContain(c.name); // CJK and Latin letters of a generated name
    expect(text).toContain('1号楼 1单元 101');
    expect(text).toContain('1号楼 1单元 102');
    expect(text).toMatch(/有效期 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('居民出入证');
    for (const pass of (await c.official.get(`/api/passes?compoundId=${c.id}`)).json().items)
      expect(text).toContain(`短码 ${pass.shortCode}`);
    // Text extraction reads ToUnicode maps, not glyphs: rendering must draw every character too.
    // Each embedded glyph of the subset must parse back to an outline (a broken loca draws none).
    const pdf = await PDFDocument.load(res.rawPayload);
    const files = [...pdf.context.enumerateIndirectObjects()]
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.has(PDFName.of('FontFile2')));
    expect(files.length).toBeGreaterThan(0);
    for (const descriptor of files) {
      const stream = pdf.context.lookup(descriptor.get(PDFName.of('FontFile2'))) as PDFRawStream;
      const font = fontkit.create(Buffer.from(inflateSync(stream.contents)));
      for (let gid = 1; gid < font.numGlyphs; gid += 1) {
        const glyph = font.getGlyph(gid);
        if (glyph.advanceWidth > 0) expect(glyph.path.bbox.width, `glyph ${gid}`).toBeGreaterThan(0);
      }
    }
  });

  it('shows a resident their household’s passes and nobody else’s', async () => {
    const c = await makeCompound(t, '210881117207', { households: 2, residentsPer: 2, vehicles: 0 });
    const residentUser = await t.as('resident', '210881117207');
    const own = c.residents[0]!;
    await t.ctx.db
      .withTables<import('../compounds/index.ts').CompoundTables>()
      .updateTable('residents')
      .set({ phone: residentUser.user.phone })
      .where('id', '=', own)
      .execute();
    const mine = (await c.official.post('/api/passes', { residentId: own })).json();
    const spouse = (await c.official.post('/api/passes', { residentId: c.residents[1] })).json();
    await c.official.post('/api/passes', { residentId: c.residents[2] }); // the next household
    const seen = (await residentUser.get('/api/passes/mine')).json();
    expect(seen.map((p: { id: number }) => p.id)).toEqual([mine.id, spouse.id]);
    expect(seen[1].holder).toMatch(/^居\*+\d$/);
    expect((await residentUser.get(`/api/passes/${mine.id}`)).statusCode).toBe(403);
  });

  it('keeps pass rules per compound, set by its officials only', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1, vehicles: 0 });
    expect((await c.official.get(`/api/compounds/${c.id}/pass-rules`)).json()).toEqual({
      validityDays: 30,
      quotaCount: 0,
      quotaDays: 2,
    });
    await c.official.put(`/api/compounds/${c.id}/pass-rules`, {
      validityDays: 7,
      quotaCount: 1,
      quotaDays: 2,
    });
    const pass = (await c.official.post('/api/passes', { residentId: c.residents[0] })).json();
    expect(pass.validUntil - pass.validFrom).toBe(7 * 86_400_000);
    const stranger = await t.as('official', '210802');
    expect(
      (
        await stranger.put(`/api/compounds/${c.id}/pass-rules`, {
          validityDays: 1,
          quotaCount: 0,
          quotaDays: 1,
        })
      ).statusCode,
    ).toBe(404);
    const keeper = await t.as('gate_keeper', '210881117207');
    expect(
      (
        await keeper.put(`/api/compounds/${c.id}/pass-rules`, {
          validityDays: 1,
          quotaCount: 0,
          quotaDays: 1,
        })
      ).statusCode,
    ).toBe(403);
  });
});
