import { canAccessPath } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import { ALL_KINDS, type FileOwner } from '../../core/files/index.ts';
import { NodeLookup } from '../regions/index.ts';

/**
 * Attachments on a jurisdiction node (notices, photos of a checkpoint, scanned orders): the
 * generic owner type, and the one the platform's own tests exercise. Attaching needs
 * files.upload on the node; reading needs only that the node is in the caller's tree.
 */
export function nodeFileOwner(db: Db): FileOwner {
  const pathOf = async (ownerId: string) => {
    if (!/^[1-9]\d{0,15}$/.test(ownerId)) return undefined;
    return (await new NodeLookup(db).byId(Number(ownerId)))?.path;
  };
  return {
    allowedKinds: ALL_KINDS,
    async canWrite(actor, ownerId) {
      const path = await pathOf(ownerId);
      return path && canAccessPath(actor, 'files.upload', path) ? path : null;
    },
    async canRead(actor, _ownerId, nodePath) {
      return canAccessPath(actor, 'regions.read', nodePath);
    },
  };
}
