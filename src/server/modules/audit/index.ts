import type { XinghuoModule } from '../../core/context.ts';
import { AuditRepository } from './audit.repository.ts';
import { auditRoutes } from './audit.routes.ts';

export const auditModule: XinghuoModule = {
  name: 'audit',
  register(app, ctx) {
    auditRoutes(app, new AuditRepository(ctx.db), ctx.audit);
  },
};
