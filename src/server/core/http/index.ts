export { actorOf } from './actor.ts';
export { CSRF_COOKIE, CSRF_HEADER, installAuthHooks, SESSION_COOKIE } from './auth-hooks.ts';
export { installErrorHandling, sendError } from './errors.ts';
export { resolveLocale } from './locale.ts';
export type { RouteAccess } from './types.ts';
export { isMalformedUpload, uploadedFile } from './upload.ts';
export {
  issuesToFields,
  RequestValidationError,
  refuseUnexpectedBodies,
  unstorable,
  validatorCompiler,
} from './validation.ts';
export { installWebShell, SESSION_SCRIPT_ID, scriptSafeJson } from './web-shell.ts';
