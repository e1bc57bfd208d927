/**
 * Data a signed-in user keeps on the device (a gate's offline lists and queue) lives under keys
 * naming that user, so a shared phone never hands one user's data to the next, and all of it is
 * removed at sign-out.
 */
const PREFIX = 'xh_user:';

export function userStorageKey(userId: number, ...parts: string[]): string {
  return `${PREFIX}${userId}:${parts.join(':')}`;
}

export function clearUserStorage(): void {
  for (let i = localStorage.length - 1; i >= 0; i -= 1) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX)) localStorage.removeItem(key);
  }
}
