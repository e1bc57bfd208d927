import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import ExcelJS from 'exceljs';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import { idCheckDigit } from '../../../contracts/alliance.ts';
import {
  type Booking,
  type Certificate,
  credentialBytes,
  creditCheckChar,
  creditCode,
  type ExportStat,
  FILING_STATUSES,
  type Filing,
  isCreditCode,
  mergeRevocations,
  PRIOR_COLUMNS,
  type PriorImportReport,
  type RevocationList,
  type RevocationState,
  type SignedCertificate,
  STATS_DIMENSIONS,
  verifyCertificate,
} from '../../../contracts/enterprises.ts';
import { fromBase64Url, toBase64Url } from '../../../contracts/passes.ts';
import { publicKeyFromRaw } from '../passes/index.ts';
import type { EnterpriseTables } from './enterprises.tables.ts';
import { enterprisesModule } from './index.ts';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

const FORM = {
  staffReturning: 120,
  returningFrom: [{ place: '鲅鱼圈区', count: 100 }],
  masks: 2000,
  thermometers: 10,
  disinfectantLitres: 50,
  canteen: '分餐制',
  dormitory: '每间不超过 4 人',
  disinfectionPlan: '每日两次',
  emergencyPlan: '发现发热立即隔离',
};

describe('GB 32100 unified social credit code', () => {
  it('accepts codes whose 18th character is the mod-31 check and refuses any other', () => {
    const code = creditCode('91210800MA0QC1234');
    expect(isCreditCode(code)).toBe(true);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(isCreditCode(wrong)).toBe(false);
    // I, O, S, V and Z are outside the character set.
    expect(isCreditCode('91210800MA0QC123I0')).toBe(false);
    expect(isCreditCode(code.slice(0, 17))).toBe(false);
    // A published code: 阿里巴巴（中国）有限公司, 91330100716105852F.
    expect(creditCheckChar('91330100716105852')).toBe('F');
  });
});

describe('certificate verification table (offline verifier)', () => {
  const pair = generateKeyPairSync('ed25519');
  const raw = fromBase64Url(pair.publicKey.export({ format: 'jwk' }).x!)!;
  const other = generateKeyPairSync('ed25519');
  const otherRaw = fromBase64Url(other.publicKey.export({ format: 'jwk' }).x!)!;
  const credential: SignedCertificate['credential'] = {
    type: ['VerifiableCredential', 'ForceMajeureCertificate'],
    id: 'urn:xinghuo:fm:YKCCPIT-FM-2020-0001',
    issuer: { name: '贸促会', keyId: 1 },
    validFrom: Date.UTC(2020, 1, 10),
    credentialSubject: {
      name: '营口光伏设备有限公司',
      creditCode: creditCode('91210800MA0QC1234'),
      counterparty: 'Solar India Pvt Ltd',
      country: '印度',
      contracts: ['YK-2020-001'],
      obligation: '交付光伏组件生产线',
      affectedFrom: Date.UTC(2020, 0, 24),
      affectedUntil: Date.UTC(2020, 2, 1),
    },
    evidence: [{ type: 'government_notice', name: '复工通知', digestSRI: 'sha256-AAAA' }],
    credentialStatus: { type: 'RevocationList', number: 'YKCCPIT-FM-2020-0001' },
  };
  const signed: SignedCertificate = {
    credential,
    signature: toBase64Url(sign(null, credentialBytes(credential), pair.privateKey)),
  };
  const check = (key: Uint8Array, msg: Uint8Array, sig: Uint8Array) =>
    verify(null, msg, publicKeyFromRaw(key), sig);
  const empty: RevocationState = { version: 0, issuedAt: 0, revoked: new Map() };
  const keys = new Map([[1, raw]]);
  const run = (s: SignedCertificate, k = keys, r = empty) => verifyCertificate(s, k, r, check, fromBase64Url);
  const listV2: RevocationList = {
    version: 2,
    issuedAt: 2000,
    revoked: [{ number: 'YKCCPIT-FM-2020-0001', at: 1500 }],
  };

  it.each([
    ['valid', () => run(signed), 'valid'],
    [
      'tampered (country changed)',
      () =>
        run({
          ...signed,
          credential: {
            ...credential,
            credentialSubject: { ...credential.credentialSubject, country: '越南' },
          },
        }),
      'tampered',
    ],
    ['wrong key', () => run(signed, new Map([[1, otherRaw]])), 'tampered'],
    ['unknown key id', () => run(signed, new Map([[2, raw]])), 'unknown_key'],
    ['revoked', () => run(signed, keys, mergeRevocations(empty, listV2)), 'revoked'],
    [
      'revoked, then a stale list offered',
      () =>
        run(
          signed,
          keys,
          mergeRevocations(mergeRevocations(empty, listV2), { version: 1, issuedAt: 1000, revoked: [] }),
        ),
      'revoked',
    ],
  ] as const)('%s', async (_name, fn, verdict) => {
    expect((await fn()).verdict).toBe(verdict);
  });

  it('keeps the newest list version and its age when a stale list is merged', () => {
    const state = mergeRevocations(mergeRevocations(empty, listV2), {
      version: 1,
      issuedAt: 9999,
      revoked: [],
    });
    expect(state.version).toBe(2);
    expect(state.issuedAt).toBe(2000);
    expect(state.revoked.get('YKCCPIT-FM-2020-0001')).toBe(1500);
  });
});

describe.each(dialects)('enterprises on %s', (dialect) => {
  let t: TestApp;
  let firm: Client;
  let shop: Client;
  let reviewer: Client;
  let outsider: Client;
  let council: Client;
  let village: { id: number; path: string };

  const register = async (client: Client, nodeId: number, name: string, code: string, industry: string) => {
    const res = await client.post('/api/enterprises', {
      nodeId,
      name,
      creditCode: code,
      industry,
      size: 'medium',
      address: '营口市鲅鱼圈区',
      contactName: '王经理',
      contactPhone: '13840700001',
      staffTotal: 300,
      certified: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>();
  };
  const upload = async (client: Client, ownerType: string, ownerId: number, name: string, bytes: Buffer) => {
    const { payload, headers } = multipart(name, bytes);
    const res = await client.request(
      'POST',
      `/api/files?ownerType=${ownerType}&ownerId=${ownerId}`,
      payload,
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; sha256: string }>();
  };
  const attach = async (client: Client, filingId: number, key: string) => {
    const file = await upload(client, 'enterprise-filing', filingId, `${key}.pdf`, pdf(key));
    const res = await client.post(`/api/enterprise-filings/${filingId}/documents`, { key, fileId: file.id });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Filing>();
  };
  const review = (id: number, body: Record<string, unknown>, client = reviewer) =>
    client.post(`/api/enterprise-filings/${id}/review`, body);

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    village = await t.node('210881117207');
    firm = await t.as('enterprise', '210881117207');
    shop = await t.as('enterprise', '210881117207');
    reviewer = await t.as('official', '210881');
    outsider = await t.as('official', '210802');
    council = await t.as('official', '2108');
    await register(
      firm,
      village.id,
      '营口光伏设备有限公司',
      creditCode('91210881MA0QC1234'),
      'manufacturing',
    );
    await register(shop, village.id, '熊岳镇便民超市', creditCode('92210881MA0QD5678'), 'retail');
  });
  afterAll(() => t.close());

  it('refuses a credit code with a wrong check character, naming the field', async () => {
    const other = await t.as('enterprise', '210881117207');
    const res = await other.post('/api/enterprises', {
      nodeId: village.id,
      name: '错码公司',
      creditCode: '91210881MA0QC12340',
      industry: 'retail',
      size: 'small',
      address: '营口',
      contactName: '李',
      contactPhone: '13840700002',
      staffTotal: 3,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'creditCode', code: 'CREDIT_CODE_FORMAT' });
  });

  it('walks an industrial filing through every guarded state: no sign-off before validation, no edit after it', async () => {
    let f = (await firm.post('/api/enterprise-filings', { form: FORM })).json<Filing>();
    expect(f).toMatchObject({ status: 'draft', regime: 'filing', actions: ['submit'] });
    expect(f.missing).toEqual(['licence', 'staff_list', 'disinfection_plan', 'emergency_plan']);
    for (const key of f.missing) f = await attach(firm, f.id, key);
    expect(f.missing).toEqual([]);

    // The reviewer cannot act on a draft, nor approve a submitted filing before review and visit.
    expect((await review(f.id, { action: 'start' })).json().error.code).toBe('FILING_STATE');
    f = (await firm.post(`/api/enterprise-filings/${f.id}/submit`, { signedBy: '王建国' })).json<Filing>();
    expect(f.status).toBe('submitted');
    expect((await review(f.id, { action: 'approve' })).statusCode).toBe(409);
    f = (await review(f.id, { action: 'start' })).json<Filing>();
    expect(f.actions).toEqual(['request', 'schedule', 'reject']);
    const early = await review(f.id, { action: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('FILING_STATE');

    // One more document with a reply clock; the reply waits for the document.
    f = (
      await review(f.id, {
        action: 'request',
        document: 'safety_permit',
        message: '请补充安全生产许可证',
        replyDays: 3,
      })
    ).json<Filing>();
    expect(f.status).toBe('info_requested');
    expect(f.replyDueAt! - Date.now()).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(f.missing).toEqual(['safety_permit']);
    const refused = await review(f.id, { action: 'reject', reason: '未答复' });
    expect(refused.json().error.code).toBe('FILING_REPLY_PENDING');
    const noDoc = await firm.post(`/api/enterprise-filings/${f.id}/reply`, { message: '已补充' });
    expect(noDoc.json().error.code).toBe('FILING_DOCUMENT_MISSING');
    await attach(firm, f.id, 'safety_permit');
    f = (await firm.post(`/api/enterprise-filings/${f.id}/reply`, { message: '已补充' })).json<Filing>();
    expect(f).toMatchObject({ status: 'in_review', replyDueAt: null, missing: [] });

    f = (
      await review(f.id, { action: 'schedule', at: Date.now() + 3600_000, bureaus: ['commerce', 'police'] })
    ).json();
    expect(f.status).toBe('visit_scheduled');
    f = (
      await review(f.id, {
        action: 'visit',
        findings: [
          { bureau: 'commerce', ok: true, note: '台账齐全' },
          { bureau: 'police', ok: true, note: '门岗测温' },
        ],
      })
    ).json<Filing>();
    expect(f.status).toBe('visited');
    f = (await review(f.id, { action: 'approve', note: '同意复工' })).json<Filing>();
    expect(f.status).toBe('approved');
    expect(f.steps.map((s) => s.kind)).toEqual([
      'submit',
      'start',
      'request',
      'reply',
      'schedule',
      'visit',
      'approve',
    ]);

    const edit = await firm.put(`/api/enterprise-filings/${f.id}`, { form: { ...FORM, masks: 1 } });
    expect(edit.json().error.code).toBe('FILING_STATE');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'enterprise_filing')
      .where('entity_id', '=', String(f.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain('enterprises.filing-approve');
  });

  const readyForVisit = async (returningFrom = FORM.returningFrom) => {
    let f = (await firm.post('/api/enterprise-filings', { form: { ...FORM, returningFrom } })).json<Filing>();
    for (const key of f.missing) f = await attach(firm, f.id, key);
    await firm.post(`/api/enterprise-filings/${f.id}/submit`, { signedBy: '王建国' });
    await review(f.id, { action: 'start' });
    await review(f.id, { action: 'schedule', at: Date.now(), bureaus: ['commerce', 'police', 'market'] });
    return f.id;
  };

  it('opens a supervision rectification order for a joint-inspection finding, with the visit, or neither', async () => {
    const id = await readyForVisit();
    const bad = await review(id, {
      action: 'visit',
      findings: [
        { bureau: 'police', ok: false, note: '无测温', rectify: { item: 'no-such', severity: 'major' } },
      ],
    });
    expect(bad.json().error.code).toBe('SUPERVISION_UNKNOWN_ITEM');
    expect((await firm.get(`/api/enterprise-filings/${id}`)).json<Filing>().status).toBe('visit_scheduled');

    const f = (
      await review(id, {
        action: 'visit',
        findings: [
          { bureau: 'commerce', ok: true, note: '台账齐全' },
          {
            bureau: 'police',
            ok: false,
            note: '门岗未测温',
            rectify: { item: 'staff-health', severity: 'major' },
          },
          { bureau: 'market', ok: false, note: '消毒记录缺两天' },
        ],
      })
    ).json<Filing>();
    expect(f.status).toBe('visited');
    const orderIds = f.steps.find((s) => s.kind === 'visit')!.detail.rectificationOrderIds as number[];
    expect(orderIds).toHaveLength(1);
    // The village's officials answer it in supervision, like any other order.
    const official = await t.as('official', '210881117207');
    const orders = (await official.get('/api/supervision/orders')).json<
      Array<{ id: number; targetLabel: string; item: string; rule: string; severity: string; status: string }>
    >();
    expect(orders.find((o) => o.id === orderIds[0])).toMatchObject({
      targetLabel: '营口光伏设备有限公司',
      item: 'staff-health',
      rule: '公安局',
      severity: 'major',
      status: 'open',
    });
    const evidence = await upload(official, 'sup-order', orderIds[0]!, '整改.pdf', pdf('测温枪'));
    const answered = await official.post(`/api/supervision/orders/${orderIds[0]}/answer`, {
      answer: '门岗已配测温枪',
      evidenceIds: [evidence.id],
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().status).toBe('answered');
  });

  it("reads the staff origins against the returnee register under the firm's node", async () => {
    const cadre = await t.as('official', '210881117207');
    for (const first17 of ['21088119900101001', '21088119900101002']) {
      const idNumber = first17 + idCheckDigit(first17);
      const res = await cadre.post('/api/returnees', {
        nodeId: village.id,
        name: '赵春生',
        idNumber,
        phone: '13904170001',
        fromCode: '4201',
        arrivalDay: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
        transport: 'train',
        category: 'medium',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    let f = (
      await firm.post('/api/enterprise-filings', {
        form: {
          ...FORM,
          returningFrom: [
            { place: '武汉市', count: 2 },
            { place: '火星', count: 1 },
          ],
        },
      })
    ).json<Filing>();
    f = (await reviewer.get(`/api/enterprise-filings/${f.id}`)).json<Filing>();
    expect(f.staffOrigins[0]).toMatchObject({
      place: '武汉市',
      count: 2,
      originName: '湖北省武汉市',
      registered: 2,
    });
    expect(f.staffOrigins[1]).toMatchObject({ place: '火星', originName: null, registered: null });
  });

  it('approves a commitment filing provisionally on submission and lets the reviewer examine it later', async () => {
    let f = (await shop.post('/api/enterprise-filings', { form: FORM })).json<Filing>();
    f = (await shop.post(`/api/enterprise-filings/${f.id}/submit`, { signedBy: '李秀兰' })).json<Filing>();
    expect(f.status).toBe('provisional');
    expect((await review(f.id, { action: 'schedule', at: Date.now(), bureaus: ['market'] })).statusCode).toBe(
      409,
    );
    await review(f.id, { action: 'start' });
    const incomplete = await review(f.id, { action: 'approve' });
    expect(incomplete.json().error.code).toBe('FILING_INCOMPLETE');
    await attach(shop, f.id, 'licence');
    await attach(shop, f.id, 'commitment_letter');
    expect((await review(f.id, { action: 'approve' })).json<Filing>().status).toBe('approved');
  });

  it('keeps each enterprise to itself and reviewers to their subtree (404, not 403)', async () => {
    const [mine] = (await firm.get('/api/enterprise-filings')).json<{ items: Filing[] }>().items;
    expect((await shop.get(`/api/enterprise-filings/${mine!.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/enterprise-filings/${mine!.id}`)).statusCode).toBe(404);
    expect((await review(mine!.id, { action: 'start' }, outsider)).statusCode).toBe(404);
    expect(
      (await shop.get('/api/enterprise-filings'))
        .json()
        .items.every((f: Filing) => f.enterpriseName === '熊岳镇便民超市'),
    ).toBe(true);
    expect((await outsider.get('/api/enterprise-filings')).json().total).toBe(0);
    const queue = (await reviewer.get('/api/enterprises')).json<Array<{ contactPhone: string }>>();
    expect(queue[0]!.contactPhone).toBe('138****0001');
  });

  let certId = 0;
  let number = '';
  it('applies for a certificate with digest-pinned evidence, the filing in one click, and issues a signed PDF', async () => {
    const before = Date.now();
    let c = (
      await firm.post('/api/fm-certificates', {
        contracts: ['YK-PV-2019-118'],
        counterparty: 'Surya Power Pvt Ltd',
        country: '印度',
        obligation: '按期交付光伏组件生产线一条',
        affectedFrom: Date.UTC(2020, 0, 24),
        affectedUntil: Date.UTC(2020, 2, 15),
      })
    ).json<Certificate>();
    certId = c.id;
    expect(c.dueAt - c.submittedAt).toBe(8 * 3600_000);
    const bytes = pdf('辽宁省人民政府通告');
    const file = await upload(firm, 'fm-certificate', c.id, 'notice.pdf', bytes);
    const wrong = await firm.post(`/api/fm-certificates/${c.id}/evidence`, {
      kind: 'government_notice',
      title: '省政府通告',
      fileId: file.id,
      sha256: createHash('sha256').update('other bytes').digest('hex'),
    });
    expect(wrong.json().error.code).toBe('EVIDENCE_DIGEST_MISMATCH');
    c = (
      await firm.post(`/api/fm-certificates/${c.id}/evidence`, {
        kind: 'government_notice',
        title: '省政府通告',
        fileId: file.id,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      })
    ).json<Certificate>();
    const [filing] = (await firm.get('/api/enterprise-filings?status=approved')).json<{ items: Filing[] }>()
      .items;
    c = (
      await firm.post(`/api/fm-certificates/${c.id}/evidence`, {
        kind: 'resumption_filing',
        filingId: filing!.id,
      })
    ).json<Certificate>();
    expect(
      c.evidence?.map((e) => e.kind),
      JSON.stringify(c),
    ).toEqual(['government_notice', 'resumption_filing']);
    expect((await shop.get(`/api/fm-certificates/${c.id}`)).statusCode).toBe(404);

    const decide = (body: Record<string, unknown>) =>
      council.post(`/api/fm-certificates/${c.id}/decision`, body);
    expect((await decide({ action: 'issue' })).json().error.code).toBe('CERT_STATE');
    await decide({ action: 'start' });
    expect((await decide({ action: 'issue' })).json().error.code).toBe('CERT_COUNCIL_MISSING');
    await decide({ action: 'council', reference: 'CCPIT-2020-LN-0031' });
    c = (await decide({ action: 'issue' })).json<Certificate>();
    expect(c.status).toBe('issued');
    expect(c.number).toMatch(/^YKCCPIT-FM-\d{4}-0001$/);
    expect(c.signed!.credential.evidence[0]!.digestSRI).toBe(
      `sha256-${createHash('sha256').update(bytes).digest('base64')}`,
    );
    expect(c.issuedAt! - before).toBeLessThan(60_000);
    number = c.number!;

    const pdfRes = await firm.get(`/api/fm-certificates/${c.id}/certificate.pdf`);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(pdfRes.rawPayload);
    const fonts = [...doc.context.enumerateIndirectObjects()]
      .map(([, o]) => o)
      .filter(
        (o): o is PDFDict =>
          o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
      );
    expect(fonts[0]!.get(PDFName.of('FontFile2'))).toBeInstanceOf(PDFRef);
    expect(pdfRes.rawPayload.length).toBeLessThan(400_000);

    const chronicle = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'certificates.issue')
      .execute();
    expect(chronicle).toHaveLength(1);
  });

  it('verifies on the public endpoint: valid, tampered, unknown; revocation is append-only', async () => {
    const visitor = t.anonymous();
    expect((await visitor.get(`/api/public/fm-certificates/${number}`)).json()).toMatchObject({
      verdict: 'valid',
      subject: '营口光伏设备有限公司',
    });
    expect((await visitor.get('/api/public/fm-certificates/YKCCPIT-FM-2020-9999')).json().verdict).toBe(
      'unknown',
    );
    const signed = (await firm.get(`/api/fm-certificates/${certId}`)).json<Certificate>().signed!;
    const tampered = {
      ...signed,
      credential: {
        ...signed.credential,
        credentialSubject: { ...signed.credential.credentialSubject, country: '美国' },
      },
    };
    expect((await visitor.post('/api/public/fm-certificates/verify', signed)).json().verdict).toBe('valid');
    expect((await visitor.post('/api/public/fm-certificates/verify', tampered)).json().verdict).toBe(
      'tampered',
    );

    await council.post(`/api/fm-certificates/${certId}/decision`, { action: 'revoke', reason: '合同已解除' });
    const result = (await visitor.get(`/api/public/fm-certificates/${number}`)).json();
    expect(result).toMatchObject({ verdict: 'revoked', listVersion: 1 });
    const again = await council.post(`/api/fm-certificates/${certId}/decision`, {
      action: 'revoke',
      reason: '再次',
    });
    expect(again.json().error.code).toBe('CERT_STATE');
    const list = (await visitor.get('/api/public/fm-certificates/revocations')).json<RevocationList>();
    expect(list.revoked.map((r) => r.number)).toEqual([number]);
  });

  it('books the last place of a slot once under concurrency, with notice rules, and statistics equal a recount', async () => {
    const customs = council;
    const day = Date.now() + 3 * 86_400_000;
    const slot = (
      await customs.post('/api/customs/slots', { office: '鲅鱼圈海关', startsAt: day, capacity: 3 })
    ).json<{ id: number }>();
    const body = {
      slotId: slot.id,
      goods: '鲜苹果',
      hsCode: '080810',
      quantity: 1200,
      weightKg: 23_000,
      valueUsd: 39_650,
      destination: '泰国',
      transport: 'water',
      port: '鲅鱼圈港',
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? firm : shop).post('/api/customs/bookings', body)),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(
      results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'SLOT_FULL'),
    ).toBe(true);
    const slots = (await firm.get(`/api/customs/slots?from=${day}&until=${day + 1}`)).json();
    expect(slots[0]).toMatchObject({ capacity: 3, booked: 3 });

    const soon = (
      await customs.post('/api/customs/slots', {
        office: '鲅鱼圈海关',
        startsAt: Date.now() + 10 * 3600_000,
        capacity: 5,
      })
    ).json<{ id: number }>();
    const late = await firm.post('/api/customs/bookings', { ...body, slotId: soon.id });
    expect(late.json().error).toMatchObject({ code: 'BOOKING_NOTICE' });
    expect(
      (await firm.post('/api/customs/bookings', { ...body, slotId: soon.id, green: true })).statusCode,
    ).toBe(201);
    expect(
      (await shop.post('/api/customs/bookings', { ...body, slotId: soon.id, green: true })).statusCode,
    ).toBe(201);

    const mine = (await firm.get('/api/customs/bookings')).json<Booking[]>();
    expect(mine.every((b) => b.enterpriseName === '营口光伏设备有限公司')).toBe(true);
    const theirs = (await shop.get('/api/customs/bookings')).json<Booking[]>();
    expect(
      (await firm.post(`/api/customs/bookings/${theirs[0]!.id}/cancel`, { reason: 'x y' })).statusCode,
    ).toBe(404);
    const cancelled = await shop.post(`/api/customs/bookings/${theirs[0]!.id}/cancel`, {
      reason: '船期变更',
    });
    expect(cancelled.json<Booking>()).toMatchObject({ status: 'cancelled', cancelReason: '船期变更' });

    for (const b of mine.filter((m) => m.status === 'accepted')) {
      expect(
        (
          await customs.post(`/api/customs/bookings/${b.id}/clear`, {
            weightKg: b.weightKg,
            valueUsd: b.valueUsd,
          })
        ).statusCode,
      ).toBe(200);
    }
    const cleared = (await customs.get('/api/customs/bookings'))
      .json<Booking[]>()
      .filter((b) => b.status === 'cleared');
    for (const by of STATS_DIMENSIONS) {
      const res = await customs.get(`/api/customs/stats?by=${by}`);
      expect(res.statusCode, `${by} ${res.body}`).toBe(200);
      const stats = res.json<ExportStat[]>();
      expect(stats.reduce((s, r) => s + r.valueUsd, 0)).toBeCloseTo(
        cleared.reduce((s, b) => s + b.valueUsd, 0),
      );
      expect(stats.reduce((s, r) => s + r.tonnes, 0)).toBeCloseTo(
        cleared.reduce((s, b) => s + b.weightKg / 1000, 0),
      );
    }
    const byFirm = (await customs.get('/api/customs/stats?by=firm')).json<ExportStat[]>();
    expect(byFirm.map((r) => r.label)).toEqual(['营口光伏设备有限公司']);
  });

  const sheet = async (rows: Array<Array<string | number>>) => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('去年同期');
    ws.addRow(PRIOR_COLUMNS.map((c) => c.zh));
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await book.xlsx.writeBuffer());
  };
  const importPrior = async (bytes: Buffer, nodeId: number) => {
    const { payload, headers } = multipart('去年同期.xlsx', bytes);
    const res = await council.request('POST', `/api/customs/prior?nodeId=${nodeId}`, payload, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PriorImportReport>();
  };

  it("imports last year's figures all or nothing, reads the change by destination, goods and firm, and exports xlsx", async () => {
    const city = await t.node('2108');
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const lastYear = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
    const firmCode = creditCode('91210881MA0QC1234');
    const bad = await importPrior(
      await sheet([
        [lastYear, '080810', '鲜苹果', '泰国', firmCode, '营口光伏设备有限公司', 10],
        ['2019/03', '0808', '鲜苹果', '', '91210881MA0QC12340', '', -1, 100],
      ]),
      city.id,
    );
    expect(bad.imported).toBe(0);
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        { row: 2, field: 'valueUsd', code: 'REQUIRED' },
        { row: 3, field: 'month', code: 'MONTH_FORMAT' },
        { row: 3, field: 'hsCode', code: 'HS_CODE_FORMAT' },
        { row: 3, field: 'destination', code: 'REQUIRED' },
        { row: 3, field: 'creditCode', code: 'CREDIT_CODE_FORMAT' },
        { row: 3, field: 'tonnes', code: 'INVALID' },
      ]),
    );
    const before = (await council.get('/api/customs/stats')).json<ExportStat[]>();
    expect(before.every((r) => r.lastYearTonnes === null)).toBe(true);

    const good = await sheet([
      [lastYear, '080810', '鲜苹果', '泰国', firmCode, '营口光伏设备有限公司', 20, 30_000],
      [lastYear, '080810', '鲜苹果', '泰国', '', '熊岳镇便民超市', 3, 4_000],
    ]);
    expect(await importPrior(good, city.id)).toMatchObject({ imported: 2, months: [lastYear], errors: [] });
    // The same sheet again replaces its month: last year's figures are not doubled.
    await importPrior(good, city.id);
    const thailand = (await council.get('/api/customs/stats?by=destination')).json<ExportStat[]>();
    const row = thailand.find((r) => r.month === month && r.key === '泰国')!;
    expect(row.lastYearTonnes).toBeCloseTo(23);
    expect(row.tonnesChange).toBeCloseTo(Math.round((row.tonnes / 23 - 1) * 10_000) / 100);
    const goods = (await council.get('/api/customs/stats?by=goods')).json<ExportStat[]>();
    expect(goods.find((r) => r.month === month && r.key === '080810')).toMatchObject({
      label: '鲜苹果',
      lastYearValueUsd: 34_000,
    });
    const firms = (await council.get('/api/customs/stats?by=firm')).json<ExportStat[]>();
    expect(firms.find((r) => r.key === firmCode)).toMatchObject({
      lastYearTonnes: 20,
      lastYearValueUsd: 30_000,
    });

    // An official of one district sees neither the city's bookings nor its imported baseline.
    const other = await outsider.get('/api/customs/stats');
    expect(other.statusCode).toBe(200);
    expect(other.json<ExportStat[]>().filter((r) => r.lastYearTonnes !== null)).toEqual([]);

    const xlsx = await council.get('/api/customs/stats.xlsx?by=destination');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = book.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('月份');
    const values: unknown[][] = [];
    ws.eachRow((r, n) => {
      if (n > 1) values.push((r.values as unknown[]).slice(1));
    });
    expect(values).toContainEqual([
      month,
      '泰国',
      row.tonnes,
      row.valueUsd,
      23,
      34_000,
      row.tonnesChange,
      row.valueChange,
    ]);
  });
});

describe.each(dialects)('enterprises demo on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  it("seeds the seed's firms, filings in every state, two signed certificates and the season's exports", async () => {
    const firm = await t.createUser([{ role: 'enterprise', node: '210804' }], '鲅鱼圈区企业');
    const centre = await t.createUser([{ role: 'command_centre', node: '2108' }], '市指挥部值班员');
    const nodes = new Map(
      (await t.ctx.db.selectFrom('nodes').select(['id', 'code', 'path']).execute()).map((n) => [n.code, n]),
    );
    const users = new Map([
      ['13800000011', firm.id],
      ['13800000001', centre.id],
    ]);
    await enterprisesModule.seedDemo!(t.ctx, {
      nodeId: (code) => nodes.get(code)!.id,
      nodePath: (code) => nodes.get(code)!.path,
      userId: (phone) => users.get(phone)!,
    });
    const statuses = await t.ctx.db
      .withTables<EnterpriseTables>()
      .selectFrom('enterprise_filings')
      .select('status')
      .distinct()
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual([...FILING_STATUSES].sort());

    const city = await t.node('2108');
    const figure = (key: string) =>
      t.ctx.figures
        .list()
        .find((f) => f.key === key)!
        .compute(t.ctx.db, city.path, { day: '', start: 0, end: Date.now() + 1, now: Date.now() });
    expect(await figure('certificates.issued')).toBe(2);
    expect(await figure('certificates.median-minutes')).toBe(255);

    const officer = await t.as('command_centre', '2108');
    const stats = (await officer.get('/api/customs/stats')).json<
      Array<{ tonnes: number; valueUsd: number; lastYearTonnes: number; lastYearValueUsd: number }>
    >();
    const sum = (k: 'tonnes' | 'valueUsd' | 'lastYearTonnes' | 'lastYearValueUsd') =>
      stats.reduce((s, r) => s + r[k], 0);
    expect(sum('tonnes')).toBeCloseTo(616.51, 2);
    expect(sum('valueUsd')).toBeCloseTo(1_061_600, 0);
    expect(sum('tonnes') / sum('lastYearTonnes') - 1).toBeCloseTo(1.5902, 2);
    expect(sum('valueUsd') / sum('lastYearValueUsd') - 1).toBeCloseTo(1.6447, 2);
    const certs = (await officer.get('/api/fm-certificates')).json<{ items: Certificate[] }>().items;
    const visitor = t.anonymous();
    for (const c of certs) {
      expect((await visitor.get(`/api/public/fm-certificates/${c.number}`)).json().verdict).toBe('valid');
    }
  });
});
