import { hashPassword } from '../core/auth/index.ts';
import type { AppContext, DemoDirectory, XinghuoModule } from '../core/context.ts';
import { inTransaction } from '../core/db/index.ts';
import { loadRegions, readRegionFile } from '../modules/regions/index.ts';
import { Accounts } from '../modules/users/index.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.ts';

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('nodes').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * The Yingkou demo city: the real division tree, one account per role, then each module's own
 * demo data. Idempotent for the tree and the accounts.
 */
export async function seedDemo(ctx: AppContext, modules: XinghuoModule[]): Promise<void> {
  await loadRegions(ctx.db, readRegionFile());
  const nodes = await ctx.db.selectFrom('nodes').select(['id', 'code', 'path']).execute();
  const nodeByCode = new Map(nodes.map((n) => [n.code, n]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts = new Accounts(ctx.db);
  await inTransaction(ctx.db, async (trx) => {
    for (const u of DEMO_USERS) {
      const node = nodeByCode.get(u.node);
      if (!node) throw new Error(`demo user ${u.phone}: node ${u.node} missing`);
      if (await accounts.byPhone(u.phone, trx)) continue;
      const userId = await accounts.create(
        { phone: u.phone, name: u.name, password_hash: passwordHash },
        trx,
      );
      await accounts.ensureGrant(userId, u.role, node, null, trx);
      await ctx.audit.record(trx, {
        actorId: null,
        action: 'user.created',
        entityType: 'user',
        entityId: userId,
        nodePath: node.path,
        detail: { name: u.name, demo: true },
      });
    }
  });
  const users = await ctx.db.selectFrom('users').select(['id', 'phone']).execute();
  const userByPhone = new Map(users.map((u) => [u.phone, u.id]));
  const directory: DemoDirectory = {
    nodeId: (code) => must(nodeByCode.get(code)?.id, `node ${code}`),
    nodePath: (code) => must(nodeByCode.get(code)?.path, `node ${code}`),
    userId: (phone) => must(userByPhone.get(phone), `user ${phone}`),
  };
  for (const module of modules) await module.seedDemo?.(ctx, directory);
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo: ${what} missing`);
  return value;
}
