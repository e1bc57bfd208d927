import { generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { sql } from 'kysely';
import {
  type CertificateCredential,
  credentialBytes,
  type RevocationState,
  type SignedCertificate,
  verifyCertificate,
} from '../../src/contracts/enterprises.ts';
import { fromBase64Url, toBase64Url } from '../../src/contracts/passes.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Actor } from '../../src/server/core/access/index.ts';
import { type Db, type DialectName, dialectOf, inTransaction } from '../../src/server/core/db/index.ts';
import { CertificateKeys } from '../../src/server/modules/enterprises/enterprises.keys.ts';
import { EnterprisesRepository } from '../../src/server/modules/enterprises/enterprises.repository.ts';
import {
  createEnterprisesService,
  type EnterpriseTables,
} from '../../src/server/modules/enterprises/index.ts';
import { loadMasterKey } from '../../src/server/modules/passes/index.ts';
import { prepareDatabase } from '../lib/database.ts';
import { measureHttp } from '../lib/http.ts';
import { goal, ratio } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

const S = 'enterprises';
const DAY = 86_400_000;
const label = (d: DialectName) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const STATUSES = [
  'submitted',
  'in_review',
  'info_requested',
  'visit_scheduled',
  'approved',
  'approved',
  'rejected',
];
const DESTINATIONS = ['泰国', '越南', '印度', '美国', '土耳其', '日本', '韩国', '马来西亚'];

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

function credential(number: string, keyId: number, i: number): CertificateCredential {
  return {
    type: ['VerifiableCredential', 'ForceMajeureCertificate'],
    id: `urn:xinghuo:fm:${number}`,
    issuer: { name: '中国国际贸易促进委员会营口市支会', keyId },
    validFrom: Date.UTC(2020, 1, 10) + i * 60_000,
    credentialSubject: {
      name: `营口压测企业${i}有限公司`,
      creditCode: '91210800MA0QC1234X',
      counterparty: 'Solar India Pvt Ltd',
      country: '印度',
      contracts: [`YK-2020-${i}`],
      obligation: '交付光伏组件生产线',
      affectedFrom: Date.UTC(2020, 0, 24),
      affectedUntil: Date.UTC(2020, 2, 1),
    },
    evidence: [
      { type: 'government_notice', name: '复工通知', digestSRI: `sha256-${toBase64Url(new Uint8Array(32))}` },
    ],
    credentialStatus: { type: 'RevocationList', number },
  };
}

/**
 * 20,000 firms over the city's communities, 50,000 filings in every state, a million clearance
 * lines over two years to eight destinations (a tenth of each with --quick), certificates signed
 * with the module's own key.
 */
async function generate(db: Db, scale: number, certificates: number, keys: CertificateKeys) {
  const q = db.withTables<EnterpriseTables>();
  const communities = await q
    .selectFrom('nodes')
    .select(['id', 'path'])
    .where('kind', '=', 'community')
    .orderBy('code')
    .execute();
  const firms = Math.round(20_000 * scale);
  const filings = Math.round(50_000 * scale);
  const lines = Math.round(1_000_000 * scale);
  const now = Date.now();
  const ids: Array<{ id: number; node_path: string }> = [];
  for (let i = 0; i < firms; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, firms - i) }, (_, k) => ({
      node_id: communities[(i + k) % communities.length]!.id,
      node_path: communities[(i + k) % communities.length]!.path,
      name: `营口压测企业${i + k}有限公司`,
      credit_code: `91210800BENCH${String(i + k).padStart(5, '0')}`,
      industry: 'manufacturing',
      regime: 'filing',
      size: 'small',
      address: '营口',
      contact_name: '联系人',
      contact_phone: '13800000000',
      staff_total: 50,
      certified: (i + k) % 10 === 0 ? 1 : 0,
      account_user_id: null,
      created_at: now,
    }));
    ids.push(...(await q.insertInto('enterprises').values(rows).returning(['id', 'node_path']).execute()));
  }
  for (let i = 0; i < filings; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, filings - i) }, (_, k) => {
      const e = ids[(i + k) % ids.length]!;
      const status = STATUSES[(i + k) % STATUSES.length]!;
      return {
        enterprise_id: e.id,
        node_path: e.node_path,
        regime: 'filing',
        status,
        form: '{}',
        signed_by: '法人',
        submitted_at: now - ((i + k) % 90) * DAY,
        decided_at: status === 'approved' || status === 'rejected' ? now : null,
        reply_due_at: status === 'info_requested' ? now + DAY : null,
        staff_returning: 10,
        created_at: now - 100 * DAY,
        updated_at: now,
      };
    });
    await q.insertInto('enterprise_filings').values(rows).execute();
  }
  const slot = await q
    .insertInto('customs_slots')
    .values({ node_path: '2108/', office: '鲅鱼圈海关', starts_at: 0, capacity: 1, booked: 1, green_only: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const start = Date.UTC(2019, 0, 1);
  for (let i = 0; i < lines; i += 2000) {
    await inTransaction(db, async (trx) => {
      const rows = Array.from({ length: Math.min(2000, lines - i) }, (_, k) => {
        const n = i + k;
        const e = ids[n % ids.length]!;
        const at = start + ((n * 7919) % 730) * DAY + (n % 86_400) * 1000;
        return {
          receipt: `B${n}`,
          enterprise_id: e.id,
          node_path: e.node_path,
          slot_id: slot.id,
          goods: '苹果',
          hs_code: '080810',
          quantity: 1000,
          weight_kg: 5000 + (n % 20_000),
          value_usd: 4000 + (n % 9000),
          destination: DESTINATIONS[n % DESTINATIONS.length]!,
          transport: 'water',
          port: '鲅鱼圈港',
          green: 0,
          status: 'cleared',
          created_at: at - DAY,
          cleared_at: at,
          cancel_reason: null,
        };
      });
      for (let j = 0; j < rows.length; j += 500)
        await trx
          .withTables<EnterpriseTables>()
          .insertInto('customs_bookings')
          .values(rows.slice(j, j + 500))
          .execute();
    });
  }
  const signer = await keys.active();
  const numbers: string[] = [];
  for (let i = 0; i < certificates; i += 500) {
    const rows = Array.from({ length: Math.min(500, certificates - i) }, (_, k) => {
      const n = i + k;
      const number = `YKCCPIT-FM-2020-B${String(n).padStart(5, '0')}`;
      numbers.push(number);
      const c = credential(number, signer.id, n);
      return {
        enterprise_id: ids[n % ids.length]!.id,
        node_path: ids[n % ids.length]!.node_path,
        number,
        status: 'issued',
        contracts: '[]',
        counterparty: 'Solar India Pvt Ltd',
        country: '印度',
        obligation: '交付',
        affected_from: now,
        affected_until: now,
        submitted_at: now - 3 * 3_600_000,
        issued_at: now,
        council_reference: null,
        note: null,
        credential: JSON.stringify(c),
        signature: CertificateKeys.sign(signer.key, credentialBytes(c)),
      };
    });
    await q.insertInto('fm_certificates').values(rows).execute();
  }
  // One in twenty revoked, so the list the verifier reads is not empty.
  const revoked = numbers
    .filter((_, i) => i % 20 === 0)
    .map((number) => ({ number, reason: '压测', at: now }));
  for (let i = 0; i < revoked.length; i += 500)
    await q
      .insertInto('fm_revocations')
      .values(revoked.slice(i, i + 500))
      .execute();
  // Bulk-loaded tables have no statistics yet on PostgreSQL; a live database's autovacuum would have them.
  if (dialectOf(db) === 'postgres') await sql`analyze`.execute(db);
  return { firms, filings, lines, numbers };
}

/** The browser-side verifier: the contracts' checks with WebCrypto Ed25519, as the page runs them. */
async function offlineVerify(count: number): Promise<{ seconds: number; valid: number; revoked: number }> {
  const pair = generateKeyPairSync('ed25519');
  const raw = fromBase64Url(pair.publicKey.export({ format: 'jwk' }).x!)!;
  const signed: SignedCertificate[] = Array.from({ length: count }, (_, i) => {
    const c = credential(`YKCCPIT-FM-2020-O${i}`, 1, i);
    return { credential: c, signature: toBase64Url(sign(null, credentialBytes(c), pair.privateKey)) };
  });
  const revocations: RevocationState = {
    version: 1,
    issuedAt: Date.now(),
    revoked: new Map(
      signed.filter((_, i) => i % 20 === 0).map((s) => [s.credential.credentialStatus.number, 1]),
    ),
  };
  const t0 = performance.now();
  const imported = new Map<string, webcrypto.CryptoKey>();
  const check = async (key: Uint8Array, message: Uint8Array, signature: Uint8Array) => {
    const id = toBase64Url(key);
    let k = imported.get(id);
    if (!k) {
      k = await webcrypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
      imported.set(id, k);
    }
    return webcrypto.subtle.verify({ name: 'Ed25519' }, k, signature, message);
  };
  const keys = new Map([[1, raw]]);
  let valid = 0;
  let revoked = 0;
  for (const s of signed) {
    const r = await verifyCertificate(s, keys, revocations, check, fromBase64Url);
    if (r.verdict === 'valid') valid += 1;
    if (r.verdict === 'revoked') revoked += 1;
  }
  return { seconds: (performance.now() - t0) / 1000, valid, revoked };
}

async function measureDialect(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const L = label(dialect);
  const scale = ctx.quick ? 0.1 : 1;
  const database = await prepareDatabase(dialect, ctx.tmpDir, `enterprises-${dialect}`);
  const config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    dataDir: ctx.tmpDir,
    jobs: false,
    webDir: undefined,
    logLevel: 'warn',
  };
  const built = await buildApp({ config, dbh: database.dbh, logger: false });
  const app = built.ctx;
  let numbers: string[] = [];
  try {
    const t0 = performance.now();
    const keys = new CertificateKeys(new EnterprisesRepository(app.db), loadMasterKey(ctx.tmpDir));
    const made = await generate(app.db, scale, ctx.quick ? 200 : 2000, keys);
    numbers = made.numbers;
    rows.push({
      scenario: S,
      figure: `generate ${made.firms.toLocaleString('en-US')} firms, ${made.filings.toLocaleString('en-US')} filings, ${made.lines.toLocaleString('en-US')} clearance lines (${L})`,
      value: (performance.now() - t0) / 1000,
      unit: 's',
    });
    const service = createEnterprisesService(app);
    const district = await app.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '210802')
      .executeTakeFirstOrThrow();
    const city = await app.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '2108')
      .executeTakeFirstOrThrow();
    const reviewer = {
      id: 1,
      grants: [{ id: 0, role: 'official', nodeId: district.id, nodePath: district.path }],
    } as unknown as Actor;
    const cityReviewer = {
      id: 2,
      grants: [{ id: 0, role: 'command_centre', nodeId: city.id, nodePath: city.path }],
    } as unknown as Actor;
    const runs = ctx.quick ? 30 : 200;
    for (const [who, actor] of [
      ['a district reviewer', reviewer],
      ['the city reviewer', cityReviewer],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const s = performance.now();
        await service.listFilings(actor, i % 2 === 0 ? 'submitted' : undefined, 1 + (i % 3), 20);
        samples.push(performance.now() - s);
      }
      const v = p99(samples);
      rows.push({
        scenario: S,
        figure: `${who}'s queue, page of 20, p99 (${L})`,
        value: v,
        unit: 'ms',
        ...goal(v, '≤', 50),
      });
    }
    const statsSamples: number[] = [];
    let groups = 0;
    for (let i = 0; i < (ctx.quick ? 5 : 10); i += 1) {
      const s = performance.now();
      groups = (await service.stats(cityReviewer)).length;
      statsSamples.push(performance.now() - s);
    }
    const statsP99 = p99(statsSamples);
    rows.push({
      scenario: S,
      figure: `statistics over ${made.lines.toLocaleString('en-US')} clearance lines by month × destination (${groups} rows), slowest (${L})`,
      value: statsP99,
      unit: 'ms',
      ...goal(statsP99, '≤', 300),
    });
  } finally {
    await built.app.close();
  }

  const server = await startServerProcess(PLATFORM_SERVER, {
    ...database.env,
    XINGHUO_DATABASE_URL: database.url,
    XINGHUO_DATA_DIR: ctx.tmpDir,
  });
  try {
    let n = 0;
    const request = {
      method: 'GET',
      setupRequest: (req: { path?: string }) => {
        req.path = `/api/public/fm-certificates/${numbers[n++ % numbers.length]}`;
        return req;
      },
    };
    const url = `${server.url}/api/public/fm-certificates/${numbers[0]}`;
    await measureHttp({ url, requests: [request as never], durationS: 1, connections: 10 });
    const result = await measureHttp({
      url,
      requests: [request as never],
      durationS: ctx.quick ? 3 : 10,
      connections: 10,
    });
    rows.push({
      scenario: S,
      figure: `certificate verification by number over HTTP (${L})`,
      value: result.rps,
      unit: 'req/s',
      ratio: ratio(result.rps, ctx.baseline.helloRps),
    });
    rows.push({
      scenario: S,
      figure: `certificate verification p99 (${L})${result.non2xx + result.errors ? `, ${result.non2xx + result.errors} failed` : ''}`,
      value: result.p99Ms,
      unit: 'ms',
    });
  } finally {
    await server.close();
    await database.drop().catch(() => undefined);
  }
  return rows;
}

export default async function enterprises(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await measureDialect(ctx, dialect)));
  const count = 10_000;
  const offline = await offlineVerify(count);
  rows.push({
    scenario: S,
    figure: `offline verification of ${count.toLocaleString('en-US')} certificates, browser-side code (${offline.valid} valid, ${offline.revoked} revoked)`,
    value: offline.seconds,
    unit: 's',
    ...goal(offline.seconds, '≤', 5),
  });
  return rows;
}
