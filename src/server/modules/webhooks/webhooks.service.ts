import type { z } from 'zod';
import type { Page } from '../../../contracts/common.ts';
import type { webhookBodySchema, webhookDeliverySchema, webhookSchema } from '../../../contracts/webhooks.ts';
import { type Actor, loadInScope, scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { newWebhookSecret } from '../../core/events/webhooks.ts';
import type { DeliveryRow, WebhookRow, WebhooksRepository } from './webhooks.repository.ts';

type Webhook = z.infer<typeof webhookSchema>;
type Delivery = z.infer<typeof webhookDeliverySchema>;
type WebhookBody = z.infer<typeof webhookBodySchema>;

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    nodeId: row.node_id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    status: row.status as Delivery['status'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    updatedAt: row.updated_at,
  };
}

const PERMISSION = 'webhooks.manage';

export class WebhooksService {
  constructor(
    private readonly db: Db,
    private readonly repo: WebhooksRepository,
    private readonly audit: AuditLog,
  ) {}

  /** A webhook on a node inside the caller's scope, or 404. */
  private async manageable(actor: Actor, id: number): Promise<WebhookRow> {
    const hook = await loadInScope(actor, PERMISSION, this.repo.findById(id));
    return hook;
  }

  async create(actor: Actor, body: WebhookBody, requestId: string): Promise<Webhook> {
    const node = await loadInScope(actor, PERMISSION, this.repo.node(body.nodeId));
    const secret = newWebhookSecret();
    const row = await inTransaction(this.db, async (trx) => {
      const created = await this.repo.insert(
        {
          node_id: node.id,
          node_path: node.path,
          url: body.url,
          secret,
          event_types: JSON.stringify([...new Set(body.eventTypes)]),
          created_by: actor.id,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'webhook.created',
        entityType: 'webhook',
        entityId: created.id,
        nodePath: node.path,
        detail: { url: body.url, eventTypes: body.eventTypes },
        requestId,
      });
      return created;
    });
    return { ...toWebhook(row), secret };
  }

  async list(
    actor: Actor,
    input: { nodeId?: number; page: number; pageSize: number },
  ): Promise<Page<Webhook>> {
    let underPath: string | undefined;
    if (input.nodeId) {
      const node = await loadInScope(actor, PERMISSION, this.repo.node(input.nodeId));
      underPath = node.path;
    }
    const { rows, total } = await this.repo.list(
      scopePaths(actor, PERMISSION),
      underPath,
      input.page,
      input.pageSize,
    );
    return { items: rows.map(toWebhook), total, page: input.page, pageSize: input.pageSize };
  }

  async deactivate(actor: Actor, id: number, requestId: string): Promise<Webhook> {
    const hook = await this.manageable(actor, id);
    if (hook.active === 1) {
      await inTransaction(this.db, async (trx) => {
        await this.repo.deactivate(id, trx);
        await this.audit.record(trx, {
          actorId: actor.id,
          action: 'webhook.deactivated',
          entityType: 'webhook',
          entityId: id,
          nodePath: hook.node_path,
          detail: { url: hook.url },
          requestId,
        });
      });
    }
    return toWebhook({ ...hook, active: 0 });
  }

  async deliveries(
    actor: Actor,
    id: number,
    input: { status?: string; page: number; pageSize: number },
  ): Promise<Page<Delivery>> {
    await this.manageable(actor, id);
    const { rows, total } = await this.repo.deliveries(id, input.status, input.page, input.pageSize);
    return { items: rows.map(toDelivery), total, page: input.page, pageSize: input.pageSize };
  }

  async retry(actor: Actor, id: number, deliveryId: number, requestId: string): Promise<Delivery> {
    const hook = await this.manageable(actor, id);
    if (hook.active !== 1) throw new AppError('WEBHOOK_INACTIVE', 409);
    return inTransaction(this.db, async (trx) => {
      const delivery = await this.repo.findDelivery(id, deliveryId, trx);
      if (!delivery) throw notFound();
      if (!(await this.repo.requeue(deliveryId, trx))) throw new AppError('DELIVERY_NOT_DEAD', 409);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'webhook.delivery-retried',
        entityType: 'webhook',
        entityId: id,
        nodePath: hook.node_path,
        detail: { deliveryId, eventId: delivery.event_id, attempts: delivery.attempts },
        requestId,
      });
      return toDelivery((await this.repo.findDelivery(id, deliveryId, trx))!);
    });
  }
}
