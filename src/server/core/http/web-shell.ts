import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Content-hashed names (vite's /assets/): a cached copy is always the right one. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The id the web client (lib/auth.ts) and the service worker (public/sw.js) look for. */
export const SESSION_SCRIPT_ID = 'xh-session';
const SESSION_PRELOAD = /<link rel="preload" href="\/api\/auth\/session"[^>]*>/;

/**
 * JSON that is safe as the text of a <script> element: `</script>`, `<!--` and the two line
 * separators JavaScript once treated as newlines cannot occur in it.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Serves the built web UI. Hashed assets are immutable for a year and sent brotli or gzip
 * compressed when the build left a `.br`/`.gz` beside them; the few unhashed files (sw.js, the
 * manifest) are revalidated every time. Every other path outside /api gets the page shell with the
 * answer of GET /api/auth/session inlined as a JSON data block, so the first render knows who is
 * signed in without a round trip (a data block is never executed: no CSP exception is needed).
 */
export async function installWebShell(app: FastifyInstance, webDir: string): Promise<void> {
  const template = readFileSync(join(webDir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: false,
    globIgnore: ['index.html', '**/*.br', '**/*.gz'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : 'no-cache');
    },
  });

  async function sessionAnswer(request: FastifyRequest): Promise<unknown> {
    if (!request.actor) return { me: null };
    const res = await app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: request.headers.cookie ?? '' },
    });
    return res.statusCode === 200 ? res.json() : undefined;
  }

  app.get('/*', { config: { access: 'public' } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    const session = await sessionAnswer(request);
    // Without an answer the page keeps the preload and asks for the session itself.
    const block = `<script type="application/json" id="${SESSION_SCRIPT_ID}">${scriptSafeJson(session)}</script>`;
    const html =
      session === undefined
        ? template
        : SESSION_PRELOAD.test(template)
          ? template.replace(SESSION_PRELOAD, block)
          : template.replace('</head>', `${block}</head>`);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .header('vary', 'cookie')
      .send(html);
  });
}
