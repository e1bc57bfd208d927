import type { AppContext, DemoDirectory } from '../../core/context.ts';

export async function seedSupervision(_ctx: AppContext, _demo: DemoDirectory): Promise<void> {}
