import { canAccessPath } from '../../core/access/index.ts';
import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { loadMasterKey } from '../passes/index.ts';
import { returneesByOrigin } from '../returnees/index.ts';
import { openJointInspection } from '../supervision/index.ts';
import { seedEnterprises } from './enterprises.demo.ts';
import { enterpriseAttention, enterpriseChronicle, enterpriseFigures } from './enterprises.figures.ts';
import { declareEnterprisesPersonalData } from './enterprises.personal-data.ts';
import { EnterprisesRepository } from './enterprises.repository.ts';
import { enterprisesRoutes } from './enterprises.routes.ts';
import { EnterprisesService } from './enterprises.service.ts';

export { EnterprisesService } from './enterprises.service.ts';
export type { EnterpriseTables } from './enterprises.tables.ts';

/** The module's one composition root: register, the demo, the bench and supervision build the service here. */
export function createEnterprisesService(ctx: AppContext): EnterprisesService {
  return new EnterprisesService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new EnterprisesRepository(ctx.db),
    loadMasterKey(ctx.config.dataDir),
    {
      openRectifications: (trx, input) => openJointInspection(ctx, trx, input),
      returneesByOrigin: (under, places) => returneesByOrigin(ctx.db, under, places),
    },
  );
}

/** The name supervision still imports; same factory. */
export const enterprisesService = createEnterprisesService;

export const enterprisesModule: XinghuoModule = {
  name: 'enterprises',
  register(app, ctx) {
    const service = createEnterprisesService(ctx);
    const repo = service.repo;
    // Filing documents and certificate evidence: the enterprise attaches; its reviewers read.
    ctx.files.registerOwner('enterprise-filing', {
      allowedKinds: ['pdf', 'png', 'jpeg', 'docx', 'xlsx'],
      async canWrite(actor, ownerId) {
        const filing = await repo.filing(Number(ownerId));
        if (!filing) return null;
        if (canAccessPath(actor, 'enterprises.review', filing.node_path)) return filing.node_path;
        const mine = await repo.enterpriseOf(actor.id);
        return mine && Number(mine.id) === Number(filing.enterprise_id) ? filing.node_path : null;
      },
      async canRead(actor, ownerId, nodePath) {
        if (canAccessPath(actor, 'enterprises.review', nodePath)) return true;
        const filing = await repo.filing(Number(ownerId));
        const mine = await repo.enterpriseOf(actor.id);
        return Boolean(filing && mine && Number(mine.id) === Number(filing.enterprise_id));
      },
    });
    ctx.files.registerOwner('fm-certificate', {
      allowedKinds: ['pdf', 'png', 'jpeg', 'docx', 'xlsx'],
      async canWrite(actor, ownerId) {
        const cert = await repo.cert(Number(ownerId));
        const mine = await repo.enterpriseOf(actor.id);
        return cert && mine && Number(mine.id) === Number(cert.enterprise_id) ? cert.node_path : null;
      },
      async canRead(actor, ownerId, nodePath) {
        if (canAccessPath(actor, 'certificates.issue', nodePath)) return true;
        const cert = await repo.cert(Number(ownerId));
        const mine = await repo.enterpriseOf(actor.id);
        return Boolean(cert && mine && Number(mine.id) === Number(cert.enterprise_id));
      },
    });
    ctx.figures.register(...enterpriseFigures);
    ctx.attention.register(enterpriseAttention);
    for (const source of enterpriseChronicle) ctx.chronicle.registerEvent(source);
    declareEnterprisesPersonalData(ctx.retention);
    enterprisesRoutes(app, service);
  },
  seedDemo: (ctx, demo) => seedEnterprises(ctx, demo, createEnterprisesService(ctx)),
};
