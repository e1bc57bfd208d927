import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { PublicReportBody } from '../../../contracts/returnees.ts';
import { maskPhone } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import type { NodeLookup } from '../regions/index.ts';
import type { ReturneesRepository } from './returnees.repository.ts';
import { originName } from './returnees.service.ts';

/**
 * The outbound-message port. There is no SMS gateway in this deployment: a real adapter (a
 * carrier's API) implements `deliver`; the dev adapter below writes to the server log.
 */
export interface SmsGateway {
  deliver(message: { phone: string; body: string }): Promise<void>;
}

/** Development adapter: the operator reads the code in the server log (`npm start`). */
export class LogSmsGateway implements SmsGateway {
  constructor(private readonly log: (line: string) => void) {}
  async deliver(message: { phone: string; body: string }): Promise<void> {
    this.log(`[sms dev] → ${message.phone}: ${message.body}`);
  }
}

/** Limits, written down in decision 0711. */
export const SMS = {
  expiresMs: 5 * 60_000,
  maxAttempts: 5,
  perPhonePerHour: 5,
  perIpPerHour: 20,
} as const;

function hashCode(phone: string, code: string, salt: string): string {
  return createHash('sha256').update(`${salt}|${phone}|${code}`).digest('base64url');
}

/**
 * Self-report without an account: a one-time code by SMS proves the phone, then the report goes to
 * the chosen village's queue like a resident's own (0704). Only a salted hash of the code is kept;
 * the plain code lives in the outbox until delivered and goes with it (retention: one day).
 */
export class PublicReportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly repo: ReturneesRepository,
    private readonly nodes: NodeLookup,
    private readonly sms: SmsGateway,
  ) {}

  async places(q: string) {
    return (await this.nodes.communities(q.trim(), 50)).map((n) => ({
      id: n.id,
      name: n.name,
      parentName: n.parent_name,
    }));
  }

  async requestCode(phone: string, ip: string, now = Date.now()) {
    const hour = now - 3600_000;
    if (
      (await this.repo.codesSince({ phone }, hour)) >= SMS.perPhonePerHour ||
      (await this.repo.codesSince({ ip }, hour)) >= SMS.perIpPerHour
    )
      throw new AppError('SMS_RATE_LIMITED', 429);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(12).toString('base64url');
    const minute = Math.floor(now / 60_000);
    await inTransaction(this.db, async (trx) => {
      const id = await this.repo.insertCode(
        {
          phone,
          ip,
          minute,
          code_hash: `${salt}$${hashCode(phone, code, salt)}`,
          expires_at: now + SMS.expiresMs,
          created_at: now,
        },
        trx,
      );
      if (id === undefined)
        throw new AppError('SMS_TOO_SOON', 429, { retryAfterS: 60 - Math.floor((now % 60_000) / 1000) }, [
          { field: 'phone', in: 'body', code: 'SMS_TOO_SOON' },
        ]);
      await this.repo.queueSms(
        phone,
        `【星火】返乡登记验证码 ${code}，5 分钟内有效。如非本人操作请忽略。`,
        now,
        trx,
      );
    });
    await this.flush();
    return { expiresInS: SMS.expiresMs / 1000, retryAfterS: 60 };
  }

  /** Delivers what the outbox holds; a message is marked sent once, whoever delivers it. */
  async flush(): Promise<number> {
    let sent = 0;
    for (const m of await this.repo.unsentSms(100)) {
      await this.sms.deliver({ phone: m.phone, body: m.body });
      if (await this.repo.markSmsSent(m.id, Date.now())) sent += 1;
    }
    return sent;
  }

  /**
   * Checks the code (each try counts, capped), then writes the report and uses the code up in one
   * transaction: a failed insert leaves the code usable, a used code never registers twice.
   */
  async submit(body: PublicReportBody, ip: string, requestId: string) {
    if (!originName(body.fromCode))
      throw new AppError('DIVISION_UNKNOWN', 400, {}, [
        { field: 'fromCode', in: 'body', code: 'DIVISION_UNKNOWN' },
      ]);
    const node = await this.nodes.byId(body.nodeId);
    if (node?.kind !== 'community')
      throw new AppError('PLACE_UNKNOWN', 400, {}, [{ field: 'nodeId', in: 'body', code: 'PLACE_UNKNOWN' }]);
    const now = Date.now();
    const invalid = () =>
      new AppError('SMS_CODE_INVALID', 400, {}, [{ field: 'code', in: 'body', code: 'SMS_CODE_INVALID' }]);
    const live = await this.repo.liveCode(body.phone, now);
    if (!live || !(await this.repo.spendAttempt(live.id, SMS.maxAttempts))) throw invalid();
    const [salt, stored] = live.code_hash.split('$') as [string, string];
    const given = Buffer.from(hashCode(body.phone, body.code, salt));
    if (given.length !== stored.length || !timingSafeEqual(given, Buffer.from(stored))) throw invalid();
    const id = await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.useCode(live.id, now, trx))) throw invalid();
      const [id] = await this.repo.insertReturnees(
        [
          {
            node_id: node.id,
            node_path: node.path,
            name: body.name,
            id_number: body.idNumber,
            phone: body.phone,
            address: body.address,
            from_code: body.fromCode,
            arrival_day: body.arrivalDay,
            transport: body.transport,
            transport_no: body.transportNo,
            companions: body.companions,
            category: 'medium',
            status: 'registered',
            measure: null,
            start_day: null,
            end_day: null,
            per_day: null,
            released_at: null,
            self_reported: 1,
            room_id: null,
            created_by: null,
            created_at: now,
            updated_at: now,
          },
        ],
        trx,
      );
      if (id === undefined)
        throw new AppError('RETURNEE_EXISTS', 409, {}, [
          { field: 'idNumber', in: 'body', code: 'RETURNEE_EXISTS' },
        ]);
      await this.audit.record(trx, {
        actorId: null,
        action: 'returnee.self-registered',
        entityType: 'returnee',
        entityId: id,
        nodePath: node.path,
        reason: 'public_form',
        detail: { fromCode: body.fromCode, phone: maskPhone(body.phone), ip },
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.registered',
        nodePath: node.path,
        permission: 'returnees.read',
        payload: { returneeId: id, selfReported: true },
      });
      return id;
    });
    return { reference: `FX-${String(id).padStart(6, '0')}` };
  }
}
