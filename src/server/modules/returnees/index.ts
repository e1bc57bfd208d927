import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { passKeyring } from '../passes/index.ts';
import { NodeLookup } from '../regions/index.ts';
import { seedReturnees } from './returnees.demo.ts';
import { overdueFollowUps, returneeChronicle, returneeFigures } from './returnees.figures.ts';
import { declareReturneesPersonalData } from './returnees.personal-data.ts';
import { LogSmsGateway, PublicReportService, type SmsGateway } from './returnees.public.ts';
import { ReturneesRepository } from './returnees.repository.ts';
import { returneesRoutes } from './returnees.routes.ts';
import { originList, ReturneesService } from './returnees.service.ts';

export { LogSmsGateway, PublicReportService, SMS, type SmsGateway } from './returnees.public.ts';
export { ReturneesRepository } from './returnees.repository.ts';
export { originList, originName, ReturneesService } from './returnees.service.ts';
export type { ReturneeTables } from './returnees.tables.ts';

/** The module's one composition root: register, tests and the bench build the service here. */
export function createReturneesService(ctx: AppContext): ReturneesService {
  return new ReturneesService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new ReturneesRepository(ctx.db),
    new NodeLookup(ctx.db),
    passKeyring(ctx),
  );
}

/** The public self-report form's service; `sms` is the outbound-message adapter (0711). */
export function createPublicReportService(ctx: AppContext, sms: SmsGateway): PublicReportService {
  return new PublicReportService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new ReturneesRepository(ctx.db),
    new NodeLookup(ctx.db),
    sms,
  );
}

/**
 * Where another module's people come from, read against the returnee register: each place is
 * matched to an origin city by code or name, and the register's people under `under` from that
 * city are counted (never named).
 */
export async function returneesByOrigin(
  db: AppContext['db'],
  under: string,
  places: string[],
): Promise<Array<{ code: string; name: string; registered: number; isolating: number } | null>> {
  const cities = originList();
  const matched = places.map((p) => {
    const place = p.trim();
    return (
      cities.find(
        (c) => c.code === place || c.name === place || (place.length >= 2 && c.name.endsWith(place)),
      ) ?? null
    );
  });
  const codes = [...new Set(matched.filter((m) => m !== null).map((m) => m.code))];
  const counts = new Map(
    (await new ReturneesRepository(db).countByOrigin(under, codes)).map((r) => [r.from_code, r]),
  );
  return matched.map((m) =>
    m === null
      ? null
      : {
          code: m.code,
          name: m.name,
          registered: Number(counts.get(m.code)?.registered ?? 0),
          isolating: Number(counts.get(m.code)?.isolating ?? 0),
        },
  );
}

export const returneesModule: XinghuoModule = {
  name: 'returnees',
  register(app, ctx) {
    ctx.figures.register(...returneeFigures);
    ctx.attention.register(overdueFollowUps);
    for (const source of returneeChronicle) ctx.chronicle.registerEvent(source);
    declareReturneesPersonalData(ctx.retention);
    const service = createReturneesService(ctx);
    ctx.jobs.register({
      name: 'returnees.lost-to-follow-up',
      dailyAt: '00:20',
      run: async ({ now }) => void (await service.markLostToFollowUp(now)),
    });
    const publicReports = createPublicReportService(ctx, new LogSmsGateway((line) => app.log.info(line)));
    // Retries what a failed delivery left in the outbox.
    ctx.jobs.register({
      name: 'returnees.sms-outbox',
      everyMs: 10_000,
      run: async () => void (await publicReports.flush()),
    });
    returneesRoutes(app, service, publicReports);
  },
  seedDemo: seedReturnees,
};
