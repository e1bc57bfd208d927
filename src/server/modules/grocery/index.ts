import type { XinghuoModule } from '../../core/context.ts';
import { CompoundsRepository } from '../compounds/index.ts';
import { seedGrocery } from './grocery.demo.ts';
import { groceryChronicle, groceryFigures } from './grocery.figures.ts';
import { declareGroceryPersonalData } from './grocery.personal-data.ts';
import { GroceryRepository } from './grocery.repository.ts';
import { groceryRoutes } from './grocery.routes.ts';
import { GroceryService } from './grocery.service.ts';

export { GroceryRepository } from './grocery.repository.ts';
export { GroceryService } from './grocery.service.ts';
export type { GroceryTables } from './grocery.tables.ts';

export const groceryModule: XinghuoModule = {
  name: 'grocery',
  register(app, ctx) {
    const service = new GroceryService(ctx, new GroceryRepository(ctx.db), new CompoundsRepository(ctx.db));
    ctx.figures.register(...groceryFigures);
    for (const source of groceryChronicle) ctx.chronicle.registerEvent(source);
    declareGroceryPersonalData(ctx.retention);
    // Cycles close at their closing time even when nobody touches them, with their totals.
    ctx.jobs.register({
      name: 'grocery.close-due',
      everyMs: 60_000,
      run: async ({ now }) => void (await service.closeDue(now)),
    });
    // Standing weekly orders go into each new open cycle on their weekday, once per cycle.
    ctx.jobs.register({
      name: 'grocery.standing',
      everyMs: 60_000,
      run: async ({ now }) => void (await service.placeStanding(now)),
    });
    groceryRoutes(app, service);
  },
  seedDemo: seedGrocery,
};
