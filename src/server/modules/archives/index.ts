import { canAccessPath } from '../../core/access/index.ts';
import type { XinghuoModule } from '../../core/context.ts';
import { seedArchives } from './archives.demo.ts';
import { ArchivesRepository } from './archives.repository.ts';
import { archivesRoutes } from './archives.routes.ts';
import { ArchivesService } from './archives.service.ts';

export { BATCH_COLUMNS } from './archives.batch.ts';
export { ArchivesService } from './archives.service.ts';
export type { ArchivesTables } from './archives.tables.ts';
export { tokenize } from './tokens.ts';
export { docxText, unzipEntry, zipStore } from './zip.ts';

export const archivesModule: XinghuoModule = {
  name: 'archives',
  register(app, ctx) {
    const repo = new ArchivesRepository(ctx.db);
    const service = new ArchivesService(ctx, repo);
    ctx.files.registerOwner('archive', {
      allowedKinds: ['pdf', 'png', 'jpeg', 'gif', 'webp', 'mp4', 'docx', 'xlsx', 'text'],
      async canWrite(actor, ownerId) {
        const unit = await repo.byId(Number(ownerId));
        return unit && canAccessPath(actor, 'archives.manage', unit.node_path) ? unit.node_path : null;
      },
      async canRead(actor, ownerId, nodePath) {
        if (canAccessPath(actor, 'archives.manage', nodePath)) return true;
        const unit = await repo.byId(Number(ownerId));
        return unit?.status === 'published' && canAccessPath(actor, 'archives.read', nodePath);
      },
    });
    ctx.chronicle.registerSection({
      key: 'archives.filed',
      label: { 'zh-CN': '归档资料', en: 'Archive items filed' },
      async lines(_db, path, start, end, locale) {
        const rows = await repo.filedIn(path, start, end);
        return rows.map((r) =>
          locale === 'en'
            ? `${r.reference_code} ${r.title} (${r.category}, ${r.node_name})`
            : `${r.reference_code}《${r.title}》（${r.category}，${r.node_name}）`,
        );
      },
    });
    archivesRoutes(app, service);
  },
  seedDemo: seedArchives,
};
