import { parseArgs } from 'node:util';
import { passwordSchema } from '../../contracts/auth.ts';
import { phoneSchema } from '../../contracts/common.ts';
import { ROLES, type Role } from '../../contracts/permissions.ts';
import { AuditLog } from '../../server/core/audit/index.ts';
import { hashPassword } from '../../server/core/auth/index.ts';
import { type DatabaseHandle, inTransaction } from '../../server/core/db/index.ts';
import { EventBus } from '../../server/core/events/index.ts';
import { UsersRepository } from '../../server/modules/users/index.ts';
import { type CliContext, type Command, UsageError, withDatabase } from '../context.ts';

const OPTIONS = {
  phone: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  role: { type: 'string' },
  node: { type: 'string' },
} as const;

function required(values: Record<string, string | undefined>, ...names: string[]): string[] {
  const missing = names.filter((n) => !values[n]);
  if (missing.length > 0) throw new UsageError(`missing --${missing.join(', --')}`);
  return names.map((n) => values[n]!);
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return role as Role;
}

async function nodeByCode(dbh: DatabaseHandle, code: string) {
  return dbh.db
    .selectFrom('nodes')
    .select(['id', 'path', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * `admin create-user` and `admin grant`: the way in before anyone can sign in (the first
 * administrator), and a repair tool after. Both are audited with no actor and `via: cli`.
 */
export const admin: Command = async (args, cli) => {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
  if (sub === 'create-user') return createUser(values, cli);
  if (sub === 'grant') return grant(values, cli);
  throw new UsageError();
};

async function createUser(values: Record<string, string | undefined>, cli: CliContext): Promise<number> {
  const password = values.password ?? process.env.XINGHUO_ADMIN_PASSWORD;
  const [phone, name, roleName, code] = required(values, 'phone', 'name', 'role', 'node');
  const role = checkRole(roleName!);
  if (!phoneSchema.safeParse(phone).success)
    throw new UsageError('--phone must be an 11-digit mobile number');
  if (!password || !passwordSchema.safeParse(password).success) {
    throw new UsageError(
      '--password (or XINGHUO_ADMIN_PASSWORD): at least 8 characters with letters and digits',
    );
  }
  const passwordHash = await hashPassword(password);
  return withDatabase(cli, async (dbh) => {
    const node = await nodeByCode(dbh, code!);
    if (!node) {
      cli.err(`no node with division code ${code}`);
      return 1;
    }
    const repo = new UsersRepository(dbh.db);
    const audit = new AuditLog(dbh.db);
    const events = new EventBus(dbh.db, dbh.dialect, dbh.pgConfig);
    const user = await inTransaction(dbh.db, async (trx) => {
      if (await repo.phoneExists(phone!, trx)) return null;
      const created = await repo.insertUser(
        { phone: phone!, name: name!, password_hash: passwordHash, locale: 'zh-CN', status: 'active' },
        trx,
      );
      await repo.insertGrant(
        { user_id: created.id, role, node_id: node.id, node_path: node.path, created_by: null },
        trx,
      );
      await audit.record(trx, {
        actorId: null,
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        nodePath: node.path,
        detail: { name, grants: [{ role, nodeId: node.id }], via: 'cli' },
      });
      await events.append(trx, {
        type: 'user.created',
        nodePath: node.path,
        permission: 'users.read',
        payload: { id: created.id, name },
      });
      return created;
    });
    if (!user) {
      cli.err(`phone ${phone} is registered already; use \`admin grant\` to add a role`);
      return 1;
    }
    cli.out(`created user ${user.id} ${name} (${phone}) as ${role} on ${node.name} ${code}`);
    return 0;
  });
}

async function grant(values: Record<string, string | undefined>, cli: CliContext): Promise<number> {
  const [phone, roleName, code] = required(values, 'phone', 'role', 'node');
  const role = checkRole(roleName!);
  return withDatabase(cli, async (dbh) => {
    const node = await nodeByCode(dbh, code!);
    const user = await dbh.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('phone', '=', phone!)
      .executeTakeFirst();
    if (!node || !user) {
      cli.err(node ? `no user with phone ${phone}` : `no node with division code ${code}`);
      return 1;
    }
    const repo = new UsersRepository(dbh.db);
    const audit = new AuditLog(dbh.db);
    const added = await inTransaction(dbh.db, async (trx) => {
      if (await repo.grantExists(user.id, role, node.id, trx)) return false;
      const row = await repo.insertGrant(
        { user_id: user.id, role, node_id: node.id, node_path: node.path, created_by: null },
        trx,
      );
      await audit.record(trx, {
        actorId: null,
        action: 'grant.added',
        entityType: 'user',
        entityId: user.id,
        nodePath: node.path,
        detail: { grantId: row.id, role, nodeId: node.id, via: 'cli' },
      });
      return true;
    });
    cli.out(
      added
        ? `granted ${role} on ${node.name} ${code} to ${user.name} (${phone})`
        : `${user.name} (${phone}) holds ${role} on ${node.name} ${code} already`,
    );
    return 0;
  });
}
