// The live page's files, shipped in the package under live-page/ (plain HTML, a few JavaScript
// modules and a style sheet: nothing from a CDN, works offline).
import { readFileSync } from 'node:fs';
import { packageUrl } from '../package-files.js';

export const LIVE_PAGE_DIR = packageUrl('live-page/');

const TYPES = {
  'index.html': 'text/html; charset=utf-8',
  'live.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'control.js': 'text/javascript; charset=utf-8',
  'stream.js': 'text/javascript; charset=utf-8',
  'views.js': 'text/javascript; charset=utf-8',
  'live.css': 'text/css; charset=utf-8',
} as const;

export type LivePageFile = keyof typeof TYPES;

// Read on first use: most sandboxes (test suites) never serve the page.
const cache = new Map<LivePageFile, string>();

export function livePageFile(name: LivePageFile): { text: string; type: string } {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(new URL(name, LIVE_PAGE_DIR), 'utf8')));
  return { text, type: TYPES[name] };
}

/**
 * Headers of every file of the page: scripts and styles from this origin only, no inline script,
 * no connection elsewhere (the page only calls its own control plane), not framed by others.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
});
