import type { XinghuoModule } from '../../core/context.ts';
import { nodeFileOwner } from './files.owner.ts';
import { filesRoutes } from './files.routes.ts';

export { contentDisposition } from './files.routes.ts';

export const filesModule: XinghuoModule = {
  name: 'files',
  register(app, ctx) {
    ctx.files.registerOwner('node', nodeFileOwner(ctx.db));
    filesRoutes(app, ctx.files);
  },
};
