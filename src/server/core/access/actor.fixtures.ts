import type { Role } from '../../../contracts/permissions.ts';
import type { Actor } from './scope.ts';

/** A signed-in caller holding the given (role, node path) grants, for unit tests of access rules. */
export function actorWith(...grants: Array<[Role, string]>): Actor {
  return {
    id: 1,
    name: 'a',
    phone: '13800000000',
    locale: 'zh-CN',
    sessionId: 's',
    csrfToken: 'c',
    grants: grants.map(([role, nodePath], i) => ({ id: i, role, nodeId: i, nodePath })),
  };
}
