export { AuthEpoch } from './epoch.ts';
export { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
export { type SessionMeta, SessionStore } from './sessions.ts';
export { newToken, safeEqual, tokenId } from './tokens.ts';
