// The book's service worker: offline reading after the first visit (issue 26). This is the template, theme/sw.js;
// the build (xtask/src/book/offline.rs) writes it to the site's root as sw.js, so its scope is the whole book,
// with the build's id and the book shell's files in place of the two placeholders below.
//
// One cache per build: the shell (mdBook's CSS, JS and fonts) is cached when the worker installs; every page read
// and every file it used (lab bundles, the search index when the reader searches) is cached as it is fetched.
// Answers come from the network first, from this build's cache when the network fails. A new build is a new
// worker (its sw.js differs by its id): it takes over at once and deletes the other builds' caches, and a worker
// that sees a page of another build stops caching, so a cache never holds two builds' files.
'use strict';

const BUILD_ID = '__BUILD_ID__';
const SHELL = ['__SHELL__'];

const ROOT = new URL('./', self.location.href);
const CACHE_PREFIX = 'iot-book-offline:' + ROOT.pathname + ':';
const CACHE = CACHE_PREFIX + BUILD_ID;
// the build marks every book page with its id (the attribute of the script tag that loads offline.js)
const PAGE_BUILD = /data-offline-build="([^"]*)"/;

// set once a page of another build arrives: the server has a newer book, and a newer worker is on its way
let superseded = false;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.map((path) => new Request(new URL(path, ROOT).href, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

/// Requests this worker answers: GETs of the book's own files; never `cargo xtask serve`'s live-reload stream.
function handled(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== ROOT.origin || !url.pathname.startsWith(ROOT.pathname)) return false;
  if (url.pathname.includes('/__xtask/')) return false;
  const accept = request.headers.get('accept') || '';
  return !accept.includes('text/event-stream');
}

function cacheKey(url) {
  const key = new URL(url);
  key.hash = '';
  return key.href;
}

/// Whether `response` may go into this build's cache: a whole, successful answer from this origin, and, for a
/// page, a page of this build (a page of another build means the server has moved on: stop caching).
async function cacheable(response) {
  if (superseded || response.status !== 200 || response.type !== 'basic') return false;
  const type = response.headers.get('content-type') || '';
  if (!type.startsWith('text/html')) return true;
  const match = PAGE_BUILD.exec(await response.clone().text());
  if (match && match[1] !== BUILD_ID) {
    // the browser fetches the new sw.js on this navigation (and offline.js's register() asks again); calling
    // registration.update() from here would keep this worker busy, and Chromium would let the new one wait
    superseded = true;
    return false;
  }
  return true;
}

/// Ends the download of a body nobody reads: an unread body is work in progress, and a worker with work in
/// progress keeps the next build's worker waiting.
function discard(response) {
  if (response.body && !response.bodyUsed) response.body.cancel().catch(() => {});
}

async function networkFirst(event) {
  const request = event.request;
  const key = cacheKey(request.url);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const cached = (await cache.match(key)) || (await cache.match(request, { ignoreSearch: true }));
    if (cached) return cached;
    if (request.mode === 'navigate') return notSaved();
    throw error;
  }
  // the page gets its answer at once; the copy is kept meanwhile
  const copy = response.clone();
  event.waitUntil(
    (async () => {
      if (await cacheable(copy)) {
        await (await caches.open(CACHE)).put(key, copy);
      } else {
        discard(copy);
      }
    })().catch(() => {}),
  );
  return response;
}

function notSaved() {
  const home = new URL('index.html', ROOT).href;
  const html =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>Not saved for offline reading</title></head><body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">' +
    '<h1>This page is not saved for offline reading</h1>' +
    '<p>You are offline, and this page was not opened on this device since the book was last updated. ' +
    'The pages you read are kept: go back, or open the <a href="' + home + '">introduction</a> if you read it.</p>' +
    '</body></html>';
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', (event) => {
  if (handled(event.request)) {
    event.respondWith(networkFirst(event));
  }
});

/// A page says which files it used (offline.js: the page itself and its resource timing entries, some loaded
/// before this worker controlled it); each one not yet in this build's cache is fetched and kept. The answer,
/// on the message's port, tells the page what is saved.
async function keep(urls) {
  const cache = await caches.open(CACHE);
  const failed = [];
  let kept = 0;
  for (const url of urls) {
    let key;
    try {
      key = cacheKey(new URL(url, ROOT));
    } catch (error) {
      continue;
    }
    if (!handled(new Request(key))) continue;
    if (await cache.match(key)) {
      kept += 1;
      continue;
    }
    try {
      const response = await fetch(key, { cache: 'no-cache' });
      if (await cacheable(response)) {
        await cache.put(key, response);
        kept += 1;
      } else {
        discard(response);
        failed.push(key);
      }
    } catch (error) {
      failed.push(key);
    }
  }
  return { build: BUILD_ID, kept, failed, superseded };
}

self.addEventListener('message', (event) => {
  const message = event.data;
  const port = event.ports && event.ports[0];
  if (!message || message.type !== 'keep' || !Array.isArray(message.urls) || !port) return;
  event.waitUntil(
    keep(message.urls).then(
      (answer) => port.postMessage(answer),
      () => port.postMessage({ build: BUILD_ID, kept: 0, failed: message.urls, superseded }),
    ),
  );
});
