import type { Route } from '../router';
import { jsonResponse } from '../problem-response';
import { buildOpenApiDocument } from '@config-service/contract';

/**
 * `/openapi.json` and `/docs`: the contract's OpenAPI document (the one the server serves),
 * and a page whose script (served here too,
 * like the server's, so it works offline) lists the document's operations.
 */
/** What the document's `info.version` says when the mock serves it. */
const MOCK_VERSION = 'msw-mock';

export function docsRoutes(pathPrefix: string): Route[] {
  let documentText: string | undefined;
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      public: true,
      handle() {
        // Built on first use: nothing runs when the handlers are created.
        documentText ??= JSON.stringify(buildOpenApiDocument(MOCK_VERSION));
        return jsonResponse(200, documentText);
      },
    },
    {
      method: 'GET',
      path: '/docs',
      public: true,
      handle: () => new Response(docsPage(pathPrefix), { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
    },
    {
      method: 'GET',
      path: '/docs/init.js',
      public: true,
      handle: () => new Response(docsScript(`${pathPrefix}/openapi.json`), { status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }),
    },
  ];
}

function docsPage(pathPrefix: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>config-service API (MSW mock)</title></head>
<body>
<h1>config-service API (MSW mock)</h1>
<p>The OpenAPI document: <a href="${pathPrefix}/openapi.json">${pathPrefix}/openapi.json</a></p>
<table id="operations"><thead><tr><th>method</th><th>path</th><th>summary</th></tr></thead><tbody></tbody></table>
<script type="module" src="${pathPrefix}/docs/init.js"></script>
</body>
</html>
`;
}

function docsScript(documentUrl: string): string {
  return `const doc = await (await fetch(${JSON.stringify(documentUrl)})).json();
const body = document.querySelector('#operations tbody');
for (const [path, methods] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    const row = body.insertRow();
    for (const text of [method.toUpperCase(), path, op.summary ?? '']) row.insertCell().textContent = text;
  }
}
`;
}
