import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { AuditLog } from './core/audit/index.ts';
import { AuthEpoch, SessionStore } from './core/auth/index.ts';
import { ChronicleRegistry } from './core/chronicle/index.ts';
import type { AppContext } from './core/context.ts';
import { connectDatabase, type DatabaseHandle, migrateToLatest } from './core/db/index.ts';
import { EventBus, LiveHub } from './core/events/index.ts';
import { AttentionRegistry, FigureRegistry } from './core/figures/index.ts';
import { FileStore } from './core/files/index.ts';
import { installApiDocs, routeSecurity, securitySchemes } from './core/http/api-docs.ts';
import {
  installAuthHooks,
  installErrorHandling,
  installWebShell,
  refuseUnexpectedBodies,
  validatorCompiler,
} from './core/http/index.ts';
import { Scheduler } from './core/jobs/index.ts';
import { declareCorePersonalData, Retention } from './core/retention/index.ts';
import { migrations } from './migrations/index.ts';
import { modules } from './modules/index.ts';

export interface BuildOptions {
  config: Config;
  /** An open database (tests); otherwise one is opened from config.databaseUrl. */
  dbh?: DatabaseHandle;
  logger?: boolean;
  migrate?: boolean;
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Starts background work: the PostgreSQL LISTEN connection and the job scheduler. */
  start(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Assembles plugins → core → modules. Never listens: main.ts and the tests decide how to serve. */
export async function buildApp(options: BuildOptions): Promise<BuiltApp> {
  const { config } = options;
  const dbh = options.dbh ?? connectDatabase(config.databaseUrl);
  if (options.migrate !== false) await migrateToLatest(dbh.db, migrations);

  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // A cross-site <form> can post text/plain without a preflight; nothing here accepts it.
  app.removeContentTypeParser('text/plain');
  let closing = false;
  // Callback-style hooks: on the hot path they cost less than async ones.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    // A request already running when shutdown began still finishes; its connection then closes.
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  const audit = new AuditLog(dbh.db);
  const events = new EventBus(dbh.db, dbh.dialect, dbh.pgConfig, (err, consumer) =>
    app.log.error({ err, consumer }, 'event consumer failed'),
  );
  const sessions = new SessionStore(dbh.db, config.sessionHours * 3600_000, new AuthEpoch(dbh));
  const ctx: AppContext = {
    config,
    dbh,
    db: dbh.db,
    audit,
    events,
    live: new LiveHub(events),
    sessions,
    files: new FileStore(dbh.db, audit, join(config.dataDir, 'files'), config.maxUploadBytes),
    jobs: new Scheduler(dbh.db, config.instanceId, 1000, (err) => app.log.error({ err }, 'job tick failed')),
    figures: new FigureRegistry(),
    attention: new AttentionRegistry(),
    chronicle: new ChronicleRegistry(),
    retention: new Retention(dbh, audit, join(config.dataDir, 'files'), config.retention),
  };
  declareCorePersonalData(ctx.retention);
  ctx.jobs.register({
    name: 'retention.purge',
    dailyAt: '03:30',
    run: async ({ now }) => void (await ctx.retention.purge({ now })),
  });
  ctx.jobs.register({
    name: 'events.catch-up',
    everyMs: 60_000,
    run: async ({ now }) => void (await events.consumers.catchUp(now)),
  });
  ctx.jobs.register({
    name: 'auth.purge-sessions',
    everyMs: 3600_000,
    run: async () => void (await sessions.purgeExpired()),
  });

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Xinghuo API', version: '0.1.0' },
      components: { securitySchemes },
    },
    // Each operation states what it needs: nothing (public), the session, or session + CSRF.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const security = routeSecurity(input.route.config?.access, input.route.method);
      return { ...out, schema: { ...out.schema, ...(security.length ? { security } : {}) } };
    },
  });
  installErrorHandling(app);
  refuseUnexpectedBodies(app);
  installAuthHooks(app, sessions);

  app.get('/healthz', { config: { access: 'public' } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await dbh.db.selectFrom('nodes').select('id').limit(1).execute();
      return { ok: true };
    } catch {
      return reply.status(503).send({ ok: false });
    }
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  installApiDocs(app);

  // Each module is an encapsulated plugin: it inherits the hooks, error handling and validators
  // installed above, and whatever it adds itself (a hook, a decorator) stays inside it.
  for (const module of modules) await app.register(async (scope) => module.register(scope, ctx));

  if (config.webDir && existsSync(join(config.webDir, 'index.html'))) {
    await installWebShell(app, config.webDir);
  }

  // Before the server stops accepting: open live streams would otherwise hold close() forever;
  // their clients reconnect to another instance and resume by Last-Event-ID.
  // Node reaps only the connections idle at the moment close() is called; streams just ended and
  // keep-alive sockets that go idle later are reaped until the server has closed.
  let reaper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    ctx.live.close();
    reaper = setInterval(() => app.server.closeIdleConnections(), 50).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(reaper);
    await ctx.jobs.stop();
    await events.stop();
    if (!options.dbh) await dbh.close();
  });

  return {
    app,
    ctx,
    async start() {
      await events.start();
      if (config.jobs) ctx.jobs.start();
    },
  };
}
