// Every API answer the browser suites see is checked against the API's own document
// (src/http/openapi.json): the operation its method and path name, the response its status
// names (or the Error schema for a status the operation does not list). A member the server
// sends that the document lacks fails, as does a missing or mistyped one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const doc = JSON.parse(readFileSync(join(root, 'src/http/openapi.json'), 'utf8'));

// OpenAPI's own words (example, discriminator...) are not JSON Schema's; formats are described,
// not enforced, by the document.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'openapi', components: doc.components });

// "#/components/schemas/X" inside the document → "openapi#/components/schemas/X" for Ajv.
function rebase(schema) {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : rebase(v)]));
}

const operations = Object.entries(doc.paths).flatMap(([pattern, methods]) =>
  Object.entries(methods)
    .filter(([method]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      pattern,
      regex: new RegExp('^' + pattern.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
      literal: (pattern.match(/\{/g) ?? []).length,
      op,
    })),
);

const compiled = new Map();
function validatorFor(key, schema) {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(rebase(schema)));
  return compiled.get(key);
}
const errorSchema = { $ref: '#/components/schemas/Error' };

// The operation a request names: of the patterns that fit, the one with fewest parameters
// (/tickets/{ref}/timeline before /tickets/{ref}/{command}).
function operationOf(method, path) {
  const fits = operations.filter((o) => o.method === method && o.regex.test(path));
  fits.sort((a, b) => a.literal - b.literal);
  return fits[0];
}

// Problems with one JSON answer, as text; empty when it fits the document.
export function contractProblems(method, url, status, body) {
  const path = new URL(url, 'http://x').pathname;
  const found = operationOf(method, path);
  const response = found?.op.responses?.[String(status)] ?? found?.op.responses?.default;
  const schema = response?.content?.['application/json']?.schema ?? (status >= 400 ? errorSchema : undefined);
  const where = `${method} ${path} ${status}`;
  if (!found && status < 400) return [`${where}: no operation of the document serves it`];
  if (!schema) return response?.content ? [] : [`${where}: the document gives this answer no JSON body`];
  const validate = validatorFor(`${found?.method} ${found?.pattern} ${status}`, schema);
  if (validate(body)) return [];
  return [`${where}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`];
}

// Checks a browser context's API answers as they arrive; problems go to `problems` (the page's
// list, which the tests assert empty).
export function watchContract(context, problems) {
  context.on('response', async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/v1/') || url.pathname === '/api/v1/stream') return;
    if (!(response.headers()['content-type'] ?? '').startsWith('application/json')) return;
    let body;
    try {
      body = await response.json();
    } catch {
      return; // the page navigated away before the body came
    }
    problems.push(...contractProblems(response.request().method(), response.url(), response.status(), body));
  });
}
