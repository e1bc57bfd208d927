import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, pageQuerySchema } from '../../../contracts/common.ts';
import type { CertificateCredential } from '../../../contracts/enterprises.ts';
import {
  bookingBodySchema,
  bookingSchema,
  cancelBodySchema,
  certApplicationBodySchema,
  certDecisionBodySchema,
  certificateListSchema,
  certificateSchema,
  certKeySchema,
  clearBodySchema,
  documentBodySchema,
  enterpriseBodySchema,
  enterpriseSchema,
  evidenceBodySchema,
  exportStatsSchema,
  filingBodySchema,
  filingListSchema,
  filingQuerySchema,
  filingSchema,
  priorImportReportSchema,
  replyBodySchema,
  reviewActionBodySchema,
  revocationListSchema,
  signedCertificateSchema,
  slotBodySchema,
  slotSchema,
  statsQuerySchema,
  submitBodySchema,
  verifyResultSchema,
} from '../../../contracts/enterprises.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../core/http/index.ts';
import { priorTemplate, readPriorSheet, statsWorkbook } from './enterprises.customs-xlsx.ts';
import { certificatePdf } from './enterprises.pdf.ts';
import type { EnterprisesService } from './enterprises.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function enterprisesRoutes(app: FastifyInstance, service: EnterprisesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enterprises'];

  /* ---------- enterprises ---------- */
  r.get(
    '/api/enterprises/mine',
    { config: { access: 'enterprises.self' }, schema: { tags, response: { 200: enterpriseSchema } } },
    async (request) => service.myEnterprise(actorOf(request)),
  );
  r.post(
    '/api/enterprises',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, body: enterpriseBodySchema, response: { 201: enterpriseSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.register(actorOf(request), request.body, request.id)),
  );
  r.get(
    '/api/enterprises',
    {
      config: { access: 'enterprises.review' },
      schema: {
        tags,
        querystring: z.strictObject({ q: z.string().max(60).optional() }),
        response: { 200: z.array(enterpriseSchema) },
      },
    },
    async (request) => service.listEnterprises(actorOf(request), request.query.q),
  );

  /* ---------- resumption filings ---------- */
  r.get(
    '/api/enterprise-filings',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: filingQuerySchema, response: { 200: filingListSchema } },
    },
    async (request) => {
      const { status, page, pageSize } = request.query;
      return service.listFilings(actorOf(request), status, page, pageSize);
    },
  );
  r.post(
    '/api/enterprise-filings',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, body: filingBodySchema, response: { 201: filingSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createFiling(actorOf(request), request.body.form, request.id)),
  );
  r.get(
    '/api/enterprise-filings/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: filingSchema } },
    },
    async (request) => service.getFiling(actorOf(request), request.params.id),
  );
  r.put(
    '/api/enterprise-filings/:id',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, params: idParamSchema, body: filingBodySchema, response: { 200: filingSchema } },
    },
    async (request) =>
      service.updateFiling(actorOf(request), request.params.id, request.body.form, request.id),
  );
  r.post(
    '/api/enterprise-filings/:id/documents',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, params: idParamSchema, body: documentBodySchema, response: { 200: filingSchema } },
    },
    async (request) =>
      service.attachDocument(
        actorOf(request),
        request.params.id,
        request.body.key,
        request.body.fileId,
        request.id,
      ),
  );
  r.post(
    '/api/enterprise-filings/:id/submit',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, params: idParamSchema, body: submitBodySchema, response: { 200: filingSchema } },
    },
    async (request) => service.submit(actorOf(request), request.params.id, request.body.signedBy, request.id),
  );
  r.post(
    '/api/enterprise-filings/:id/reply',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, params: idParamSchema, body: replyBodySchema, response: { 200: filingSchema } },
    },
    async (request) => service.reply(actorOf(request), request.params.id, request.body.message, request.id),
  );
  r.post(
    '/api/enterprise-filings/:id/review',
    {
      config: { access: 'enterprises.review' },
      schema: { tags, params: idParamSchema, body: reviewActionBodySchema, response: { 200: filingSchema } },
    },
    async (request) => service.review(actorOf(request), request.params.id, request.body, request.id),
  );

  /* ---------- force-majeure certificates ---------- */
  r.get(
    '/api/fm-certificates',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: pageQuerySchema, response: { 200: certificateListSchema } },
    },
    async (request) => service.listCerts(actorOf(request), request.query.page, request.query.pageSize),
  );
  r.post(
    '/api/fm-certificates',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, body: certApplicationBodySchema, response: { 201: certificateSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.apply(actorOf(request), request.body, request.id)),
  );
  r.get(
    '/api/fm-certificates/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: certificateSchema } },
    },
    async (request) => service.getCert(actorOf(request), request.params.id),
  );
  r.post(
    '/api/fm-certificates/:id/evidence',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, params: idParamSchema, body: evidenceBodySchema, response: { 200: certificateSchema } },
    },
    async (request) => service.addEvidence(actorOf(request), request.params.id, request.body, request.id),
  );
  r.post(
    '/api/fm-certificates/:id/decision',
    {
      config: { access: 'certificates.issue' },
      schema: {
        tags,
        params: idParamSchema,
        body: certDecisionBodySchema,
        response: { 200: certificateSchema },
      },
    },
    async (request) => service.decide(actorOf(request), request.params.id, request.body, request.id),
  );
  r.get(
    '/api/fm-certificates/:id/certificate.pdf',
    { config: { access: 'authenticated' }, schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const cert = await service.getCert(actorOf(request), request.params.id);
      const origin = `${request.protocol}://${request.host}`;
      const pdf = await certificatePdf(cert, origin);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${cert.number ?? `application-${cert.id}`}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );

  /* ---------- public verification: no sign-in, as the QR is scanned by anyone ---------- */
  r.get(
    '/api/public/fm-certificates/keys',
    { config: { access: 'public' }, schema: { tags, response: { 200: z.array(certKeySchema) } } },
    async () => service.publicKeys(),
  );
  r.get(
    '/api/public/fm-certificates/revocations',
    { config: { access: 'public' }, schema: { tags, response: { 200: revocationListSchema } } },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(await service.revocationList()),
  );
  r.get(
    '/api/public/fm-certificates/:number',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: z.strictObject({ number: z.string().min(1).max(40) }),
        response: { 200: verifyResultSchema },
      },
    },
    async (request) => service.verifyNumber(request.params.number),
  );
  r.post(
    '/api/public/fm-certificates/verify',
    {
      config: { access: 'public' },
      schema: {
        tags,
        body: signedCertificateSchema,
        response: { 200: z.object({ verdict: z.string(), revokedAt: z.number().nullable() }) },
      },
    },
    async (request) =>
      service.verifySigned({
        credential: request.body.credential as CertificateCredential,
        signature: request.body.signature,
      }),
  );

  /* ---------- export clearance appointments ---------- */
  r.get(
    '/api/customs/slots',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: z.strictObject({ from: z.coerce.number().int(), until: z.coerce.number().int() }),
        response: { 200: z.array(slotSchema) },
      },
    },
    async (request) => service.listSlots(request.query.from, request.query.until),
  );
  r.post(
    '/api/customs/slots',
    {
      config: { access: 'customs.clear' },
      schema: { tags, body: slotBodySchema, response: { 201: slotSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addSlot(actorOf(request), request.body, request.id)),
  );
  r.get(
    '/api/customs/bookings',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: z.array(bookingSchema) } } },
    async (request) => service.listBookings(actorOf(request)),
  );
  r.post(
    '/api/customs/bookings',
    {
      config: { access: 'enterprises.self' },
      schema: { tags, body: bookingBodySchema, response: { 201: bookingSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.book(actorOf(request), request.body, request.id)),
  );
  r.post(
    '/api/customs/bookings/:id/cancel',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: cancelBodySchema, response: { 200: bookingSchema } },
    },
    async (request) => service.cancel(actorOf(request), request.params.id, request.body.reason, request.id),
  );
  r.post(
    '/api/customs/bookings/:id/clear',
    {
      config: { access: 'customs.clear' },
      schema: { tags, params: idParamSchema, body: clearBodySchema, response: { 200: bookingSchema } },
    },
    async (request) => service.clear(actorOf(request), request.params.id, request.body, request.id),
  );
  r.get(
    '/api/customs/stats',
    {
      config: { access: 'customs.clear' },
      schema: { tags, querystring: statsQuerySchema, response: { 200: exportStatsSchema } },
    },
    async (request) => service.stats(actorOf(request), request.query.by),
  );
  r.get(
    '/api/customs/stats.xlsx',
    { config: { access: 'customs.clear' }, schema: { tags, querystring: statsQuerySchema } },
    async (request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="customs-stats-${request.query.by}.xlsx"`)
        .send(await statsWorkbook(await service.stats(actorOf(request), request.query.by), request.query.by)),
  );
  r.get(
    '/api/customs/prior/template.xlsx',
    { config: { access: 'customs.clear' }, schema: { tags } },
    async (_request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', 'attachment; filename="customs-last-year.xlsx"')
        .send(await priorTemplate()),
  );
  r.post(
    '/api/customs/prior',
    {
      config: { access: 'customs.clear' },
      schema: {
        tags,
        querystring: z.strictObject({ nodeId: z.coerce.number().int().positive() }),
        consumes: ['multipart/form-data'],
        response: { 200: priorImportReportSchema },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
      const file = await request.file();
      if (!file)
        throw new AppError('FILE_MISSING', 400, {}, [{ field: 'file', in: 'file', code: 'FILE_MISSING' }]);
      const rows = await readPriorSheet(await file.toBuffer());
      return service.importPrior(actorOf(request), request.query.nodeId, rows, request.id);
    },
  );
}
