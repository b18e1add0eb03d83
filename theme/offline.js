// Offline reading after the first visit (issue 26): registers the book's service worker (sw.js, at the site's
// root beside this file, so its scope is the whole book), tells it which files this page used, and shows in the
// menu bar whether the page is available offline. The build installs this file at the site's root and loads it
// from every book page (xtask/src/book/offline.rs). It does nothing on print.html, in a frame, or where the
// browser offers no service worker (a plain-HTTP address other than localhost is not a secure context).
(function () {
  'use strict';

  const script = document.currentScript;
  if (!script || !window.isSecureContext || !('serviceWorker' in navigator) || window.top !== window) return;
  if (/\/print\.html$/.test(location.pathname)) return;

  const root = new URL('./', script.src);
  const page = location.href.split('#')[0];

  const status = document.createElement('span');
  status.id = 'offline-status';
  status.className = 'offline-status';
  status.setAttribute('role', 'status');
  const style = document.createElement('style');
  style.textContent =
    '.offline-status { display: inline-block; margin: 0 0.6em; font-size: 0.8em; color: var(--fg); white-space: nowrap;' +
    ' overflow: hidden; text-overflow: ellipsis; max-width: 40vw; vertical-align: middle; }' +
    '@media print { .offline-status { display: none; } }';
  document.head.appendChild(style);
  const buttons = document.querySelector('#mdbook-menu-bar .right-buttons, .menu-bar .right-buttons');
  if (buttons) buttons.insertBefore(status, buttons.firstChild);

  // state: 'saving' while files are being kept, 'saved' once this page and what it used are in the cache
  let saved = false;
  let pending = 0;
  function show() {
    let text = '';
    let title = '';
    if (saved && pending === 0) {
      text = navigator.onLine ? '\u2713 Available offline' : '\u2713 Offline: reading the saved copy';
      title = 'This page and the labs it used are saved in this browser: they open without a network.';
    } else if (pending > 0 || !saved) {
      text = 'Saving for offline\u2026';
      title = 'Saving this page and the labs it used in this browser, for reading without a network.';
    }
    status.textContent = text;
    status.title = title;
    status.dataset.state = saved && pending === 0 ? 'saved' : 'saving';
  }
  window.addEventListener('online', show);
  window.addEventListener('offline', show);

  // the files this page used, the page first; lab bundles and the search index join as they load
  const used = new Set([page]);
  const inBook = (url) => url.startsWith(root.href) && !url.includes('/__xtask/');
  for (const entry of performance.getEntriesByType('resource')) {
    if (inBook(entry.name)) used.add(entry.name);
  }

  let worker = null;
  function keep(urls) {
    if (!worker || urls.length === 0) return;
    const channel = new MessageChannel();
    const target = worker;
    pending += 1;
    show();
    channel.port1.onmessage = (event) => {
      pending -= 1;
      const answer = event.data || {};
      if (target === worker && !answer.superseded && !(answer.failed || []).includes(page) && urls.includes(page)) {
        saved = true;
      }
      show();
    };
    target.postMessage({ type: 'keep', urls }, [channel.port2]);
  }

  if ('PerformanceObserver' in window) {
    new PerformanceObserver((list) => {
      const fresh = [];
      for (const entry of list.getEntries()) {
        if (inBook(entry.name) && !used.has(entry.name)) {
          used.add(entry.name);
          fresh.push(entry.name);
        }
      }
      keep(fresh);
    }).observe({ type: 'resource' });
  }

  // a new build's worker takes over with an empty cache: tell it everything again
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    worker = navigator.serviceWorker.controller;
    saved = false;
    keep([...used]);
  });

  show();
  navigator.serviceWorker
    .register(new URL('sw.js', root).href, { scope: root.href })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (worker) return;
      worker = registration.active;
      keep([...used]);
    })
    .catch(() => {
      // no worker (blocked, or storage disabled): the page works as before, and promises nothing offline
      status.textContent = '';
      status.removeAttribute('title');
    });
})();
