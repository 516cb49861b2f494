// Whether this page is served by a SafeRLHub server or is a copy of the site on a static host
// (`saferlhub export-site`), and where such a copy finds its files. The one place that reads the
// copy's marker, which only exported pages carry:
//
//   <script type="application/json" id="saferlhub-site">{"static":true,"server":null}</script>
//
// `server` is the address given to `export-site --server URL` (ending in '/'), or null.
// On a page the server sends there is no marker: isStatic() is false and every function below
// leaves addresses as they are.

const MARKER_ID = 'saferlhub-site';

/** The site's root folder, found from where this module lives (<root>/js/site-mode.js). */
const ROOT = new URL('../', import.meta.url);

let mode = null;

function read() {
  if (mode) return mode;
  mode = { static: false, server: null };
  const el = typeof document === 'undefined' ? null : document.getElementById(MARKER_ID);
  if (el) {
    try {
      const data = JSON.parse(el.textContent);
      const server = typeof data.server === 'string' && /^https?:\/\//.test(data.server) ? data.server : null;
      mode = { static: data.static === true, server: server && !server.endsWith('/') ? `${server}/` : server };
    } catch (e) {
      // An unreadable marker: behave as the server's own page.
    }
  }
  return mode;
}

/** True on a copy of the site made by `saferlhub export-site` (no SafeRLHub server behind it). */
export function isStatic() {
  return read().static;
}

/** The SafeRLHub server a static copy may call for what needs one (ends in '/'), or null. */
export function serverUrl() {
  return isStatic() ? read().server : null;
}

/** The path of the site's root: '/' on the server, e.g. '/repo/' for a copy under a sub-path. */
export function siteRoot() {
  return isStatic() ? ROOT.pathname : '/';
}

/**
 * A site-absolute address ('/lessons/blackjack#train') as this copy needs it: under the copy's
 * root, with the slash a page's folder needs ('/repo/lessons/blackjack/#train'). Pages of saved
 * runs (/runs/{id}, /compare) exist only on a server: they point at the configured server, if any.
 * On the server, and for anything but a site-absolute address, returns `path` unchanged.
 */
export function sitePath(path) {
  if (!isStatic() || typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return path;
  const server = serverUrl();
  if (server && /^\/(runs\/[^/?#]+|compare)(?:[/?#]|$)/.test(path)) return server + path.slice(1);
  const cut = path.search(/[?#]/);
  let file = cut < 0 ? path : path.slice(0, cut);
  const rest = cut < 0 ? '' : path.slice(cut);
  const last = file.slice(file.lastIndexOf('/') + 1);
  if (file !== '/' && !file.endsWith('/') && !last.includes('.')) file += '/';
  return ROOT.pathname + file.slice(1) + rest;
}

/**
 * The API GET routes a copy holds as files (SiteExport writes them): GET /api/x/y is the file
 * api/x/y.json under the copy's root.
 */
const DATA_ROUTES = [
  /^\/api\/blackjack\/rules$/,
  /^\/api\/schema$/,
  /^\/api\/quizzes$/,
  /^\/api\/quizzes\/[a-z0-9-]+$/,
  /^\/api\/source\/[a-z0-9-]+$/,
  /^\/api\/gridworld\/presets$/,
];

/** The address of the copy's file answering `GET url`, or null if the copy has none. */
export function dataFile(url) {
  if (!isStatic() || typeof url !== 'string') return null;
  const path = url.split(/[?#]/)[0];
  if (!DATA_ROUTES.some((route) => route.test(path))) return null;
  return new URL(`${path.slice(1)}.json`, ROOT).toString();
}
