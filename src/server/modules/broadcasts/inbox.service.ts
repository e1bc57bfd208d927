import type { BroadcastKind, InboxItem } from '../../../contracts/alliance.ts';
import type { Actor } from '../../core/access/index.ts';
import { GroupCommit } from '../../core/db/index.ts';
import { notFound } from '../../core/errors.ts';
import { type Audiences, inboxClauses, levelOf, membershipFor } from './audience.ts';
import type { BroadcastsRepository, ReceiptInput } from './broadcasts.repository.ts';

/** A member's inbox and their read / acknowledged receipts. */
export class InboxService {
  constructor(
    private readonly repo: BroadcastsRepository,
    private readonly audiences: Audiences,
  ) {}

  /** Receipts arrive in bursts from thousands of members: written in shared transactions. */
  private readonly receipts = new GroupCommit((rows: ReceiptInput[]) =>
    this.repo.upsertReceipts(rows, Date.now()),
  );

  async inbox(
    actor: Actor,
    before: number | undefined,
    limit: number,
  ): Promise<{ items: InboxItem[]; unread: number }> {
    const bits = await this.audiences.teamBits(actor.id);
    const clauses = inboxClauses(actor, bits);
    const [rows, unread] = await Promise.all([
      this.repo.inbox(actor.id, clauses, before, limit),
      this.repo.unreadCount(actor.id, clauses),
    ]);
    const unseen = rows.filter((r) => r.delivered_at === null).map((r) => r.id);
    if (unseen.length) {
      const targets = await this.audiences.published(unseen);
      const delivered = unseen.flatMap((id) => {
        const entry = targets.get(id);
        const via = entry && membershipFor(actor, bits, entry.targets);
        return via ? [{ broadcast_id: id, node_path: via.path, level: levelOf(via.path) }] : [];
      });
      await this.repo.markDelivered(delivered, actor.id, Date.now());
    }
    return {
      unread,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind as BroadcastKind,
        title: r.title,
        bodyHtml: r.body_html,
        rumour: r.rumour,
        priority: r.priority as InboxItem['priority'],
        ackRequired: r.ack_required === 1,
        senderName: r.sender_name,
        publishedAt: r.published_at,
        readAt: r.read_at,
        ackedAt: r.acked_at,
      })),
    };
  }

  /** Marks read (and acknowledged): one statement, the audience checked in memory against cached targets. */
  async receipt(actor: Actor, id: number, ack: boolean) {
    const entry = (await this.audiences.published([id])).get(id);
    if (!entry) throw notFound();
    const needsTeam = entry.targets.some((t) => t.teamMask !== 0);
    const via = membershipFor(actor, needsTeam ? await this.audiences.teamBits(actor.id) : 0, entry.targets);
    if (!via) throw notFound();
    const row = await this.receipts.submit({
      broadcast_id: id,
      user_id: actor.id,
      node_path: via.path,
      level: levelOf(via.path),
      ack,
    });
    return { broadcastId: id, readAt: row.read_at, ackedAt: row.acked_at };
  }
}
