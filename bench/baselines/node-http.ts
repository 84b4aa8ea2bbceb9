// The ceiling of Node on this machine: a bare node:http server replaying the sandbox's bytes.
import { createServer } from 'node:http';
import { loadReplays, portArg } from './recorded.js';

const replays = loadReplays(process.argv[2] as string);
const NOT_FOUND = Buffer.from('{"message":"not recorded"}');

createServer((req, res) => {
  const hit = replays.get(`${req.method} ${req.url}`);
  // A POST body must be read before answering, as any real server would.
  req.resume();
  req.once('end', () => {
    if (!hit) {
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': NOT_FOUND.length });
      res.end(NOT_FOUND);
      return;
    }
    res.writeHead(hit.status, hit.headers);
    res.end(hit.body);
  });
}).listen(portArg(), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
