// Fills the demo's knowledge base through the REST API, as its people would: each article of
// demo/articles.json is written by its author, submitted, and published by the team leader
// (the procedure's publishers); one marked "publish": false is left in review.
//
//   node scripts/demo-articles.mjs <server url> <tokens file> <articles file>
import { readFileSync } from 'node:fs';

const [server, tokensFile, articlesFile] = process.argv.slice(2);
if (!articlesFile) {
  console.error('usage: node demo-articles.mjs <server url> <tokens file> <articles file>');
  process.exit(2);
}
const tokens = Object.fromEntries(
  readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/)),
);
const publisher = 'ssc-lead';

async function api(login, path, body, revision) {
  const headers = { Authorization: `Bearer ${tokens[login]}`, 'Content-Type': 'application/json' };
  if (revision !== undefined) headers['If-Match'] = `"${revision}"`;
  const r = await fetch(server + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${login} POST ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

// The server starts after this script: wait until it answers.
for (let i = 0; ; ++i) {
  try {
    await fetch(server + '/healthz');
    break;
  } catch (e) {
    if (i === 300) throw e;
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const a of JSON.parse(readFileSync(articlesFile, 'utf8'))) {
  let article = await api(a.author, '/api/v1/articles', {
    title: a.title,
    body: a.body,
    visibility: { audience: a.audience },
    assets: a.assets,
    categories: a.categories,
  });
  article = await api(a.author, `/api/v1/articles/${article.id}/submit`, {}, article.revision);
  if (a.publish) article = await api(publisher, `/api/v1/articles/${article.id}/publish`, {}, article.revision);
  console.log(`[demo] ${article.id} ${article.status}: ${a.title}`);
}
