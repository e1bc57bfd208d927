// The service worker that lets the gate page and a resident's pass open with no network: the app
// shell and its scripts are kept from the last visit, and the few API answers those pages need
// to start (the session, the gate's compounds, the resident's passes) are served from the last
// good answer when the network is gone. Everything else goes to the network untouched.
// The gate's keys and revocation list live in the page's own storage (features/gate/lib/offline.ts).
const SHELL = 'xh-shell-v2';
const API = 'xh-api-v1';
const OFFLINE_API = ['/api/auth/session', '/api/regions/roots', '/api/passes/mine', '/api/gate/compounds'];
// The server inlines the signed-in session in the page (core/http/web-shell.ts). The kept shell is
// stored without it: offline, the session comes from the API cache, which sign-in and sign-out
// replace, so a shell kept from one account never opens as that account after it signed out.
const SESSION_BLOCK = /<script type="application\/json" id="xh-session">[^<]*<\/script>/;

async function sessionFree(response) {
  const html = (await response.text()).replace(SESSION_BLOCK, '');
  return new Response(html, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then(async (cache) => {
        const response = await fetch('/index.html');
        if (!response.ok) throw new Error(`shell: HTTP ${response.status}`);
        await cache.put('/index.html', await sessionFree(response));
      })
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists the scripts and styles it loaded before this worker took control; the start-up
// answers fetched then are fetched again here, so the very first visit is enough to open offline.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-assets') return;
  const urls = event.data.urls.filter((u) =>
    new URL(u, self.location.origin).pathname.startsWith('/assets/'),
  );
  event.waitUntil(
    Promise.all([caches.open(SHELL).then((cache) => cache.addAll(urls)), refill()]).catch(() => undefined),
  );
});

async function networkFirst(request, cacheName, fallbackUrl, keep = (response) => response) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackUrl ?? request, await keep(response.clone()));
    return response;
  } catch (err) {
    const cached = await cache.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw err;
  }
}

function refill() {
  return Promise.all(OFFLINE_API.map((path) => networkFirst(new Request(path), API).catch(() => undefined)));
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Another account signs in or this one signs out: no answer of the last one may be served.
  if (
    request.method === 'POST' &&
    (url.pathname === '/api/auth/login' || url.pathname === '/api/auth/logout')
  ) {
    event.respondWith(
      (async () => {
        const response = await fetch(request);
        await caches.delete(API);
        // The new session's start-up answers, kept for the first time the network is gone.
        if (response.ok && url.pathname === '/api/auth/login') event.waitUntil(refill());
        return response;
      })(),
    );
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/index.html', sessionFree));
  } else if (url.pathname.startsWith('/assets/')) {
    // Content-hashed names: a cached copy is always the right one.
    event.respondWith(cacheFirst(request));
  } else if (OFFLINE_API.includes(url.pathname)) {
    event.respondWith(networkFirst(request, API));
  }
});
