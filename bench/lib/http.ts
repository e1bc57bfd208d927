import autocannon from 'autocannon';

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Vary each request, e.g. a different id per request. */
  requests?: Array<{ method?: string; path?: string; body?: string; headers?: Record<string, string> }>;
  connections?: number;
  durationS?: number;
  amount?: number;
}

export interface HttpResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** Drives HTTP load from this process against a server in another process (see server.ts). */
export async function measureHttp(load: HttpLoad): Promise<HttpResult> {
  const result = await autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    headers: load.headers,
    body: load.body,
    requests: load.requests as autocannon.Request[] | undefined,
    connections: load.connections ?? 20,
    ...(load.amount ? { amount: load.amount } : { duration: load.durationS ?? 5 }),
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Signs in over HTTP and returns the headers a signed-in request needs. */
export async function signIn(
  baseUrl: string,
  phone: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${phone} failed: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': me.csrfToken };
}
