import { type Actor, canAccessPath } from '../../core/access/index.ts';
import type { FileOwner } from '../../core/files/index.ts';
import type { BroadcastsRepository } from './broadcasts.repository.ts';
import type { BroadcastsService } from './broadcasts.service.ts';

/** Attachments hang on a draft; once published, whoever may read the broadcast may read them. */
export class BroadcastFiles implements FileOwner {
  readonly allowedKinds = ['pdf', 'png', 'jpeg', 'docx', 'xlsx'] as const;

  constructor(
    private readonly repo: BroadcastsRepository,
    private readonly service: BroadcastsService,
  ) {}

  async canWrite(actor: Actor, ownerId: string): Promise<string | null> {
    if (!/^\d+$/.test(ownerId)) return null;
    const row = await this.repo.byId(Number(ownerId));
    if (row?.status !== 'draft' || !canAccessPath(actor, 'broadcasts.send', row.node_path)) return null;
    return row.node_path;
  }

  async canRead(actor: Actor, ownerId: string): Promise<boolean> {
    if (!/^\d+$/.test(ownerId)) return false;
    try {
      await this.service.get(actor, Number(ownerId));
      return true;
    } catch {
      return false;
    }
  }
}
