import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';

export type WebhookRow = Awaited<ReturnType<WebhooksRepository['findById']>> & {};
export type DeliveryRow = Awaited<ReturnType<WebhooksRepository['findDelivery']>> & {};

export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  findById(id: number, trx: Db = this.db) {
    return trx.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  node(id: number, trx: Db = this.db) {
    return new NodeLookup(trx).byId(id);
  }

  async list(scopes: string[], underPath: string | undefined, page: number, pageSize: number) {
    let query = this.db.selectFrom('webhooks').where(pathInScope('node_path', scopes));
    if (underPath) {
      query = query.where('node_path', '>=', underPath).where('node_path', '<', subtreeEnd(underPath));
    }
    const [rows, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  insert(
    row: {
      node_id: number;
      node_path: string;
      url: string;
      secret: string;
      event_types: string;
      created_by: number;
    },
    trx: Db = this.db,
  ) {
    return trx
      .insertInto('webhooks')
      .values({ ...row, active: 1, created_at: Date.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Deactivates the hook and gives up its pending deliveries, which would otherwise wait forever. */
  async deactivate(id: number, trx: Db = this.db) {
    const now = Date.now();
    await trx.updateTable('webhooks').set({ active: 0 }).where('id', '=', id).execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'dead', next_attempt_at: null, last_error: 'webhook deactivated', updated_at: now })
      .where('webhook_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  async deliveries(webhookId: number, status: string | undefined, page: number, pageSize: number) {
    let query = this.db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
    if (status) query = query.where('status', '=', status);
    const [rows, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  findDelivery(webhookId: number, deliveryId: number, trx: Db = this.db) {
    return trx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
  }

  /** Puts a dead delivery back in the queue for one more attempt, now; false if it was not dead. */
  async requeue(deliveryId: number, trx: Db = this.db): Promise<boolean> {
    const now = Date.now();
    const result = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, updated_at: now })
      .where('id', '=', deliveryId)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
