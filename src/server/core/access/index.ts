export { maskIdNumber, maskPhone } from './mask.ts';
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
