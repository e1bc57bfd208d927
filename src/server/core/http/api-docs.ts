import type { FastifyInstance } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth-hooks.ts';

/** How a client authenticates, in the OpenAPI document (decision 0004 has the reasons). */
export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'HttpOnly session cookie set by POST /api/auth/login (SameSite=Lax). Every route not marked public needs it.',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: `Double submit: every signed-in POST, PUT, PATCH and DELETE echoes the session's token, returned by login and GET /api/auth/session (also in the ${CSRF_COOKIE} cookie).`,
  },
} as const;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The security requirement of one route: none when public, the session, plus CSRF for changes. */
export function routeSecurity(access: unknown, method: string | string[]): Array<Record<string, string[]>> {
  if (!access || access === 'public') return [];
  const methods = Array.isArray(method) ? method : [method];
  return methods.some((m) => !SAFE.has(m.toUpperCase())) ? [{ session: [], csrf: [] }] : [{ session: [] }];
}

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Xinghuo API</title>
<link rel="stylesheet" href="/api/docs/docs.css" />
</head>
<body>
<header><h1>Xinghuo API</h1><p>OpenAPI 3 · <a href="/api/openapi.json">openapi.json</a></p>
<input id="filter" type="search" placeholder="filter: path, tag or summary" aria-label="filter" /></header>
<main id="ops">Loading…</main>
<script type="module" src="/api/docs/docs.js"></script>
</body>
</html>`;

const CSS = `body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#222}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:8px 16px}
h1{margin:0;font-size:20px;color:#d4380d}header p{margin:0 0 6px}
#filter{width:100%;max-width:480px;padding:6px}main{padding:8px 16px}
h2{font-size:16px;margin:20px 0 6px;border-bottom:1px solid #eee}
details{margin:4px 0;border:1px solid #eee;border-radius:4px}summary{cursor:pointer;padding:4px 8px}
.m{display:inline-block;width:64px;font-weight:700}.GET{color:#237804}.POST{color:#0958d9}
.PUT,.PATCH{color:#d46b08}.DELETE{color:#cf1322}.lock{color:#888;font-size:12px}
pre{margin:0;padding:8px;background:#fafafa;overflow:auto;font-size:12px}`;

/* Renders the document the server already publishes: no CDN, no third-party bundle. */
const JS = `const doc = await (await fetch('/api/openapi.json')).json();
const main = document.getElementById('ops');
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const byTag = new Map();
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags && op.tags[0]) || 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method: method.toUpperCase(), op });
  }
}
function render(filter) {
  const f = filter.trim().toLowerCase();
  let html = '';
  for (const [tag, ops] of [...byTag].sort()) {
    const shown = ops.filter((o) => !f || (o.path + ' ' + tag + ' ' + (o.op.summary || '')).toLowerCase().includes(f));
    if (!shown.length) continue;
    html += '<h2>' + esc(tag) + '</h2>';
    for (const { path, method, op } of shown) {
      const locked = (op.security || []).map((s) => Object.keys(s).join(' + ')).join(', ');
      const detail = { parameters: op.parameters, requestBody: op.requestBody, responses: op.responses };
      html += '<details><summary><span class="m ' + method + '">' + method + '</span><code>' + esc(path) + '</code> ' +
        esc(op.summary || '') + (locked ? ' <span class="lock">🔒 ' + esc(locked) + '</span>' : '') +
        '</summary><pre>' + esc(JSON.stringify(detail, null, 2)) + '</pre></details>';
    }
  }
  main.innerHTML = html || 'No match';
}
const schemes = doc.components && doc.components.securitySchemes;
if (schemes) {
  const p = document.querySelector('header p');
  p.insertAdjacentHTML('beforeend', ' · ' + Object.entries(schemes).map(([k, s]) => '<abbr title="' + esc(s.description) + '">' + esc(k) + ': ' + esc(s.in) + ' ' + esc(s.name) + '</abbr>').join(' · '));
}
render('');
document.getElementById('filter').addEventListener('input', (e) => render(e.target.value));
`;

/** GET /api/docs: a browsable reference of /api/openapi.json, served from this origin. */
export function installApiDocs(app: FastifyInstance): void {
  const hidden = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/api/docs', hidden, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/api/docs/docs.css', hidden, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(CSS),
  );
  app.get('/api/docs/docs.js', hidden, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(JS),
  );
}
