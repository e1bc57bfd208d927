/**
 * The platform as a child process for the SIGKILL test: listens on a free port on 127.0.0.1 and
 * prints it. Configured from the environment like the real server.
 */
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';

const config = { ...loadConfig(process.env), jobs: false, webDir: undefined };
const built = await buildApp({ config, logger: false });
await built.start();
await built.app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`PORT ${(built.app.server.address() as { port: number }).port}\n`);
