import { buildApp } from '../../server/app.ts';
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from '../../server/demo/index.ts';
import { modules } from '../../server/modules/index.ts';
import type { Command } from '../context.ts';

/** Migrates, loads the demo city into an empty database, listens, and shuts down gracefully. */
export const serve: Command = async (_args, cli) => {
  const config = cli.config;
  const built = await buildApp({ config });
  const { app, ctx } = built;
  if (process.env.XINGHUO_DEMO !== 'off' && (await isEmpty(ctx))) {
    app.log.info('empty database: loading the Yingkou demo city');
    await seedDemo(ctx, modules);
  }
  await built.start();
  await app.listen({ host: config.host, port: config.port });
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${shown}:${(app.server.address() as { port: number }).port}`;
  const logins = DEMO_USERS.slice(0, 8)
    .map((u) => `    ${u.phone}  ${u.name} (${u.role})`)
    .join('\n');
  process.stdout.write(
    `\n  Xinghuo 星火 is running at ${url}\n  Database: ${ctx.dbh.dialect}\n\n  Demo logins (password ${DEMO_PASSWORD}):\n${logins}\n    … ${DEMO_USERS.length} accounts in all, see README.md\n\n`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await app.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return 0;
};
