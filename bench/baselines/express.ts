// The ceiling of the framework the sandbox is built on: a bare express 5 app (same settings as the
// sandbox's: no etag, no x-powered-by) replaying the sandbox's bytes from a route per path.
import express from 'express';
import { loadReplays, portArg } from './recorded.js';

const replays = loadReplays(process.argv[2] as string);
const app = express();
app.disable('x-powered-by');
app.set('etag', false);

const paths = new Set([...replays.keys()].map((key) => key.slice(key.indexOf(' ') + 1).split('?')[0] as string));
for (const path of paths) {
  app.all(path, (req, res) => {
    const hit = replays.get(`${req.method} ${req.originalUrl}`);
    if (!hit) {
      res.status(404).json({ message: 'not recorded' });
      return;
    }
    res.writeHead(hit.status, hit.headers);
    res.end(hit.body);
  });
}
app.listen(portArg(), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
