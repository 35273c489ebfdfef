import path from 'node:path';
import type { Express, Request } from 'express';
import express from 'express';

// Every asset comes from the project's own npm dependencies: the playground works with no internet at all.
// Packages' `exports` hide their UMD builds from require.resolve, so resolve the package root and join.
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const ASSETS: Record<string, string> = {
  'react.production.min.js': path.join(packageDir('react'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.min.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
  'graphql-ws.min.js': path.join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js'),
};

const page = (endpoint: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Order Management · GraphQL playground</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/playground/graphiql.min.css">
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #token-bar { display: flex; gap: 8px; align-items: center; padding: 6px 10px; background: #f3f4f6;
      border-bottom: 1px solid #d1d5db; font-size: 13px; }
    #token-bar input { flex: 1; font-family: monospace; font-size: 12px; padding: 4px; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <div id="token-bar">
    <label for="token">Bearer token</label>
    <input id="token" placeholder="paste the output of: npm run token -- --role back-office --sub staff-1" autocomplete="off">
    <button id="save-token" type="button">Use token</button>
    <span id="token-state"></span>
  </div>
  <div id="graphiql">Loading the playground…</div>
  <script src="/playground/react.production.min.js"></script>
  <script src="/playground/react-dom.production.min.js"></script>
  <script src="/playground/graphiql.min.js"></script>
  <script src="/playground/graphql-ws.min.js"></script>
  <script src="/playground/playground.js" data-endpoint="${endpoint}"></script>
</body>
</html>`;

// The token is kept in this browser's localStorage and sent as the Authorization header with every request.
const script = `(function () {
  var endpoint = document.currentScript.getAttribute('data-endpoint');
  var KEY = 'order-management.token';
  var input = document.getElementById('token');
  var state = document.getElementById('token-state');
  input.value = localStorage.getItem(KEY) || '';
  function show() { state.textContent = localStorage.getItem(KEY) ? 'token in use' : 'no token: public catalog only'; }
  function save() {
    var value = input.value.trim().replace(/^Bearer\\s+/i, '');
    input.value = value;
    if (value) localStorage.setItem(KEY, value); else localStorage.removeItem(KEY);
    show();
  }
  // Whoever pastes a token and presses Enter, or pastes and clicks away, expects it to be used: not only the button.
  document.getElementById('save-token').addEventListener('click', save);
  input.addEventListener('change', save);
  input.addEventListener('keydown', function (event) { if (event.key === 'Enter') save(); });
  show();
  // A bearer token is a JWT (three dot-separated parts); anything else in the bar is a guest order's access token,
  // which only subscriptions take from here (guestOrder and cancelOrder take it as an argument).
  function isJwt(token) { return token && token.split('.').length === 3; }
  // Subscriptions run over graphql-ws on the same URL; the connection is remade when the token changes.
  var ws = null;
  var wsToken = null;
  function wsClient() {
    var token = localStorage.getItem(KEY);
    if (!ws || wsToken !== token) {
      if (ws) ws.dispose();
      wsToken = token;
      ws = graphqlWs.createClient({
        url: location.origin.replace(/^http/, 'ws') + endpoint,
        connectionParams: !token ? {} : isJwt(token) ? { authorization: 'Bearer ' + token } : { accessToken: token }
      });
    }
    return ws;
  }
  function fetcher(params, options) {
    if (/(^|\\n)\\s*subscription\\b/.test(params.query || '')) return wsClient().iterate(params);
    var headers = Object.assign({ 'Content-Type': 'application/json' }, (options && options.headers) || {});
    var token = localStorage.getItem(KEY);
    if (isJwt(token) && !headers.Authorization) headers.Authorization = 'Bearer ' + token;
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params) }).then(function (r) { return r.json(); });
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: true,
    defaultQuery: '# Paste a token above (npm run token), then run:\\n{\\n  orders(first: 10) {\\n    totalCount\\n    nodes { reference customReference createdAt email itemStates totals { grandTotal { amount currencyCode } } }\\n  }\\n}\\n'
  }));
})();`;

const wantsHtml = (req: Request) =>
  req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');

/** GET `endpoint` from a browser (and GET /playground) serves GraphiQL; GraphQL requests pass through. */
export function mountPlayground(app: Express, endpoint: string): void {
  const router = express.Router();
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/playground/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  }
  router.get('/playground/playground.js', (_req, res) => res.type('application/javascript').send(script));
  router.get('/playground', (_req, res) => res.type('html').send(page(endpoint)));
  router.get(endpoint, (req, res, next) => (wantsHtml(req) ? res.type('html').send(page(endpoint)) : next()));
  app.use(router);
}
