export { keepInScope, loadInScope, type Placed, requireAllInScope, requireInScope } from './in-scope.ts';
export { maskIdNumber, maskPhone } from './mask.ts';
export {
  assertAccountAction,
  assertMayName,
  canAssign,
  findPerson,
  mayActOnAccount,
  notManageable,
  type Person,
  type PersonGrant,
  peopleByPhones,
  seesAccount,
} from './person.ts';
export {
  type Actor,
  type ActorGrant,
  assertPathAccess,
  canAccessPath,
  hasPermission,
  isWithin,
  pathInScope,
  scopePaths,
  subtreeEnd,
} from './scope.ts';
