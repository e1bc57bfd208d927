import { useQuery } from '@tanstack/react-query';
import { type Me, sessionSchema } from '../../contracts/auth.ts';
import type { Permission, Role } from '../../contracts/permissions.ts';
import { ApiError, api, setCsrfToken } from './api.ts';

/** What a route or menu entry needs: a catalogue permission, or just a signed-in user. */
export type Access = Permission | 'authenticated';

export const meQueryKey = ['auth', 'me'] as const;

/**
 * The session answer the server put in the page (server core/http/web-shell.ts): the user, null
 * when signed out, or undefined when the page came without it (the dev server, the service
 * worker's offline copy), in which case `fetchMe` asks.
 */
export function inlinedSession(): Me | null | undefined {
  const block = document.getElementById('xh-session');
  if (!block?.textContent) return undefined;
  block.remove();
  let parsed: ReturnType<typeof sessionSchema.safeParse>;
  try {
    parsed = sessionSchema.safeParse(JSON.parse(block.textContent));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  if (parsed.data.me) setCsrfToken(parsed.data.me.csrfToken);
  return parsed.data.me;
}

/**
 * The signed-in user, or null when the session is absent or expired. `GET /api/auth/session`
 * answers 200 either way (no failed request in a signed-out page's console), and index.html
 * preloads it with the same mode and credentials, so when the page did not come with the answer
 * inlined, the first call takes the response the browser fetched beside the scripts.
 */
export async function fetchMe(): Promise<Me | null> {
  try {
    const { me } = await api.get('/api/auth/session', sessionSchema);
    if (me) setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY, retry: 1 });
}

/** The signed-in user; only call below the shell, which renders nothing until the user is known. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside a signed-in shell');
  return data;
}

export function can(me: Me | null | undefined, access: Access): boolean {
  if (!me) return false;
  return access === 'authenticated' || me.permissions.includes(access);
}

export function usePermission(access: Access): boolean {
  return can(useMe().data, access);
}

/**
 * Where a user lands after signing in: the page of their daily work when every grant is a
 * front-line role; anyone with an office role (official, command centre, …) lands on the home page.
 */
const FRONT_LINE: Partial<Record<Role, string>> = {
  gate_keeper: '/gate',
  volunteer: '/inbox',
  resident: '/my-pass',
};

export function landingPath(me: Me): string {
  const paths = me.grants.map((g) => FRONT_LINE[g.role]);
  if (paths.length === 0 || paths.some((p) => p === undefined)) return '/';
  return paths[0]!;
}
