// GET / for a browser: a small page that points to the live page and the API docs. Any other
// client still gets the nearest API's JSON 404 (no operation lives at /).
import type { RequestHandler } from 'express';
import { wantsHtml } from '../apis/sandbox-admin/live-handlers.js';
import { PAGE_HEADERS } from './live-page-files.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(adminPrefix: string): string {
  const live = escapeHtml(`${adminPrefix}/`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>thread-sandbox</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${escapeHtml(adminPrefix)}/live/live.css">
</head>
<body class="home">
  <h1>thread-sandbox</h1>
  <ul>
    <li><a href="${live}">Live page</a>: requests as they arrive, contract violations, faults, the data; reset and clear.</li>
    <li><a href="/docs">API docs</a>: both APIs and the control plane, with "Try it out".</li>
  </ul>
  <p>APIs: <code>/v1/threads</code> (Execution Threads v1), <code>/human/v0/threads</code> (Agentry Threads v0); control plane: <code>${escapeHtml(adminPrefix)}</code>.</p>
</body>
</html>
`;
}

/** Answers browsers at `/`; passes everything else on. */
export function homePage(adminPrefix: string): RequestHandler {
  const html = page(adminPrefix);
  return (req, res, next) => {
    if (req.path !== '/' || !wantsHtml(req.headers.accept)) return next();
    res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), vary: 'Accept' });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
}
