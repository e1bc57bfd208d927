import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';

/**
 * The platform as deployed, on the database named by XINGHUO_DATABASE_URL (prepared by the
 * scenario), with request logging at warn so log I/O is not what gets measured.
 */
const built = await buildApp({
  config: { ...loadConfig(), jobs: process.env.XINGHUO_JOBS === 'on', webDir: undefined },
});
await built.start();
await built.app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ port: (built.app.server.address() as { port: number }).port });
process.on('SIGTERM', () => void built.app.close().then(() => process.exit(0)));
