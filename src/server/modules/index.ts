import type { XinghuoModule } from '../core/context.ts';
import { auditModule } from './audit/index.ts';
import { authModule } from './auth/index.ts';
import { liveModule } from './live/index.ts';
import { regionsModule } from './regions/index.ts';
import { usersModule } from './users/index.ts';

/** Every module, in registration order. A new module adds one line here. */
export const modules: XinghuoModule[] = [authModule, regionsModule, usersModule, auditModule, liveModule];
