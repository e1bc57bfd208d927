import { buildApp } from '../../server/app.ts';
import { seedDemo } from '../../server/demo/index.ts';
import { modules } from '../../server/modules/index.ts';
import type { Command } from '../context.ts';

export const demo: Command = async (_args, cli) => {
  const { app, ctx } = await buildApp({ config: { ...cli.config, jobs: false }, logger: false });
  try {
    await seedDemo(ctx, modules);
    cli.out('Yingkou demo city loaded');
    return 0;
  } finally {
    await app.close();
  }
};
