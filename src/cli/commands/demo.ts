import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { seedDemo } from '../../server/demo/index.ts';
import { modules } from '../../server/modules/index.ts';

export async function demo(): Promise<void> {
  const { app, ctx } = await buildApp({ config: { ...loadConfig(), jobs: false }, logger: false });
  try {
    await seedDemo(ctx, modules);
    console.log('Yingkou demo city loaded');
  } finally {
    await app.close();
  }
}
