// GET /docs: Swagger UI from swagger-ui-dist (served locally: works offline) with every spec in its
// selector; GET /openapi/{name}.json|yaml: each spec as this sandbox serves it. These are
// documentation, not API operations: no spec describes them, so they are neither journaled nor
// subject to faults, and an unknown name falls through to the API's 404.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import { SPEC_FILES, specPath, type SpecName } from '../openapi/specs.js';

interface ServedSpec {
  name: string;
  title: string;
  json: string;
  yaml: string;
}

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const DEFAULT_ADMIN_PREFIX = '/__sandbox';

/**
 * The spec with this sandbox first among its servers ("Try it out" then calls the sandbox that
 * serves the page, whatever its port) and the control plane under the configured prefix.
 */
function served(spec: SpecName, adminPrefix: string): ServedSpec {
  // The yaml package loads with the first docs request, not with every start.
  const { parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = parseDocument(readFileSync(specPath(spec), 'utf8'));
  const servers = (doc.toJS().servers ?? []) as unknown[];
  doc.set('servers', [{ url: '/', description: 'this sandbox' }, ...servers]);
  if (adminPrefix !== DEFAULT_ADMIN_PREFIX) {
    const paths = doc.toJS().paths as Record<string, unknown>;
    const moved = Object.entries(paths).map(([p, item]) => [p.startsWith(DEFAULT_ADMIN_PREFIX) ? adminPrefix + p.slice(DEFAULT_ADMIN_PREFIX.length) : p, item]);
    doc.set('paths', Object.fromEntries(moved));
  }
  const value = doc.toJS() as { info?: { title?: string } };
  return {
    name: SPEC_FILES[spec].replace(/\.yaml$/, ''),
    title: value.info?.title ?? spec,
    json: JSON.stringify(value, null, 2),
    yaml: doc.toString(),
  };
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>thread-sandbox API docs</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/swagger-initializer.js"></script>
</body>
</html>
`;

function initializer(specs: readonly ServedSpec[]): string {
  const config = {
    urls: specs.map((s) => ({ url: `/openapi/${s.name}.json`, name: s.title })),
    'urls.primaryName': specs[0]?.title,
    dom_id: '#swagger-ui',
    deepLinking: true,
    layout: 'StandaloneLayout',
    // The default validator badge calls validator.swagger.io: nothing may leave the machine.
    validatorUrl: null,
  };
  return `window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(config)}, {
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
}));
`;
}

/** The /docs page, its assets and the /openapi/{name}.json|yaml documents. */
export function docsRouter(adminPrefix: string): Router {
  // Built on first use: most sandboxes (test suites) never serve their docs.
  let built: { byName: Map<string, ServedSpec>; script: string } | undefined;
  const docs = () => {
    if (built) return built;
    const specs = (Object.keys(SPEC_FILES) as SpecName[]).filter((s) => existsSync(specPath(s))).map((s) => served(s, adminPrefix));
    return (built = { byName: new Map(specs.map((s) => [s.name, s])), script: initializer(specs) });
  };
  const router = express.Router();

  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/swagger-initializer.js', (_req, res) => {
    res.type('js').send(docs().script);
  });
  router.use('/docs', express.static(SWAGGER_UI_DIR, { index: false, redirect: false }));
  router.get('/openapi/:file', (req, res, next) => {
    const match = /^(.+)\.(json|yaml)$/.exec(req.params.file);
    const spec = match && docs().byName.get(match[1] as string);
    if (!match || !spec) return next();
    if (match[2] === 'json') res.type('application/json').send(spec.json);
    else res.type('application/yaml').send(spec.yaml);
  });
  return router;
}
