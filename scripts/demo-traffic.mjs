// Keeps the demo desk busy on the real clock, so that whoever signs in sees a desk at work: calls
// logged at Level 1, mails and portal requests arriving at a realistic pace, colleagues handing
// off, acknowledging pages and answering clients, and some requests left alone to breach (the
// engine then pages the next in the chain and tells the team leader).
//
//   node scripts/demo-traffic.mjs <server url> <tokens file> <tierdesk binary> <gateway token file>
//
// The tokens file has one "<login> <token>" per line (scripts/demo.sh writes it). Everything goes
// through the REST API and `tierdesk mail-gateway`, as real people and mail would. Runs until
// killed; stops adding requests while 30 are open.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';

const [server, tokensFile, tierdesk, gatewayToken] = process.argv.slice(2);
if (!gatewayToken) {
  console.error('usage: node demo-traffic.mjs <server url> <tokens file> <tierdesk binary> <gateway token file>');
  process.exit(2);
}
const tokens = Object.fromEntries(
  readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/)),
);

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const chance = (p) => Math.random() < p;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(login, method, path, body) {
  const r = await fetch(server + path, {
    method,
    headers: { Authorization: `Bearer ${tokens[login]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${login} ${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

// What clients of the demo organisation (seed 000: web servers, a database, a shop, a CRM) ask.
const problems = [
  { title: 'Checkout returns 500', description: 'Customers get an error page when they pay.', assets: { server: 'web-01', product: 'shop' } },
  { title: 'Shop pages very slow', description: 'Product pages take 20 seconds to load since this morning.', assets: { server: 'web-01', product: 'shop' } },
  { title: 'CRM search finds nothing', description: 'Searching a customer by name returns no result.', assets: { server: 'db-01', product: 'crm' } },
  { title: 'Reports time out', description: 'The monthly sales report stops after a minute with a timeout.', assets: { server: 'db-01', product: 'crm' } },
  { title: 'Cannot log in to the shop admin', description: 'The admin login page says the session expired, every time.', assets: { server: 'web-01', product: 'shop' } },
  { title: 'Invoice PDF is blank', description: 'Invoices open as an empty page.', assets: { server: 'web-01', product: 'crm' } },
];
const clients = [
  { id: 'C-1001', email: 'ganesh@client.example', name: 'Ganesh Raman', phone: '+91 98450 12345' },
  { id: 'C-2040', email: 'fatima@client.example', name: 'Fatima Khan', phone: '+91 98860 11223' },
];

// A request arrives: a mail through the gateway, a request in the portal, or a call a colleague
// at Level 1 logs.
async function newRequest() {
  const p = pick(problems);
  const c = pick(clients);
  const how = Math.random();
  if (how < 0.35) {
    const mail = `From: ${c.name} <${c.email}>\r\nSubject: ${p.title}\r\n\r\n${p.description}\r\n`;
    await new Promise((done, fail) => {
      const gateway = spawn(tierdesk, ['mail-gateway', '--server', server, '--token-file', gatewayToken], { stdio: ['pipe', 'ignore', 'inherit'] });
      gateway.on('exit', (code) => (code === 0 ? done() : fail(new Error(`mail-gateway exited ${code}`))));
      gateway.stdin.end(mail);
    });
    return `mail from ${c.email}: ${p.title}`;
  }
  if (how < 0.65) {
    await api(`client:${c.id}`, 'POST', '/api/v1/tickets', { title: p.title, description: p.description, channel: 'web', module: p.assets.product });
    return `portal request from ${c.id}: ${p.title}`;
  }
  await api('psc-kavya', 'POST', '/api/v1/tickets', {
    title: p.title, description: p.description, channel: 'phone', client_id: c.id,
    caller_name: c.name, caller_phone: c.phone, assets: p.assets,
  });
  return `call from ${c.name} logged by Kavya Rao: ${p.title}`;
}

// Colleagues at work on what is open; each ticket is left alone often enough for clocks to breach.
async function colleaguesAct(open) {
  const ticket = pick(open);
  if (!ticket) return '';
  const t = await api('psc-lead', 'GET', `/api/v1/tickets/${ticket.id}`);
  const age = (Date.now() - Date.parse(t.received_at)) / 60000;
  if (t.stage === 'open' && t.tier === 'L1' && age > 2 && chance(0.5)) {
    await api('psc-kavya', 'POST', `/api/v1/tickets/${t.id}/handoff`, {
      to: 'L2', criterion: 'needs_deeper_knowledge', tried: 'Reproduced it; cleared the cache; same result.',
      client_message: 'Our server team is looking at it.', asset: t.registration.assets.server ? undefined : 'server:web-01',
    });
    return `Kavya Rao handed ${t.id} to L2`;
  }
  // Server Support asks Development about a stack trace; Development answers from its queue.
  const asking = (t.consults ?? []).find((c) => !c.answered_at && c.paged);
  if (asking && tokens[asking.paged] && chance(0.4)) {
    await api(asking.paged, 'POST', `/api/v1/tickets/${t.id}/consult_answer`, {
      team: asking.team, answer: 'The trace points at the order service’s retry loop; a fix is going out this afternoon.',
    });
    return `${asking.paged} answered the ${asking.team_name} consult on ${t.id}`;
  }
  if (t.stage === 'open' && t.tier === 'L2' && t.assignee && tokens[t.assignee] && !(t.consults ?? []).length && chance(0.25)) {
    await api(t.assignee, 'POST', `/api/v1/tickets/${t.id}/consult`, {
      team: 'development', question: 'The server log shows a stack trace in the order service at each failure: is it a known defect?',
    });
    return `${t.assignee} asked Development about ${t.id}`;
  }
  if (t.page && tokens[t.page.person] && chance(0.45)) {
    await api(t.page.person, 'POST', `/api/v1/tickets/${t.id}/acknowledge`, {});
    return `${t.page.person} acknowledged the page for ${t.id}`;
  }
  if (t.stage === 'open' && t.tier !== 'L1' && t.assignee && tokens[t.assignee] && !t.last_status && chance(0.6)) {
    await api(t.assignee, 'POST', `/api/v1/tickets/${t.id}/respond`, {
      status: 'Working on it', next_update: new Date(Date.now() + 30 * 60000).toISOString(),
      findings: 'We see the errors in the server log and are tracing their cause.',
    });
    return `${t.assignee} sent ${t.id} a structured response`;
  }
  if (t.stage === 'open' && t.tier !== 'L1' && t.assignee && tokens[t.assignee] && t.last_status && age > 8 && chance(0.4)) {
    await api(t.assignee, 'POST', `/api/v1/tickets/${t.id}/resolve`, {
      resolution: { summary: 'Fixed: the connection pool was exhausted and has been enlarged.', details: 'Raised the pool from 20 to 80 connections and restarted the service.' },
    });
    return `${t.assignee} resolved ${t.id}`;
  }
  if (t.stage === 'awaiting_signoff' && tokens[`client:${t.client_id}`] && chance(0.6)) {
    await api(`client:${t.client_id}`, 'POST', `/api/v1/tickets/${t.id}/sign_off`, { comment: 'Works again, thank you.' });
    return `${t.client_id} signed ${t.id} off`;
  }
  return '';
}

async function main() {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(server + '/readyz')).ok) break;
    } catch {
      // not serving yet
    }
    if (i > 600) throw new Error('the desk did not start');
    await sleep(200);
  }
  for (;;) {
    try {
      const open = (await api('psc-lead', 'GET', '/api/v1/tickets?open=true&limit=200')).tickets;
      const said = [];
      if (open.length < 30 && chance(0.45)) said.push(await newRequest());
      said.push(await colleaguesAct(open));
      for (const line of said.filter(Boolean)) console.log(`[demo ${new Date().toISOString().slice(11, 19)}] ${line}`);
    } catch (e) {
      console.error(`[demo] ${e.message}`);
    }
    await sleep(15000 + Math.random() * 15000);
  }
}

main().catch((e) => {
  console.error(`[demo] ${e.message}`);
  process.exit(1);
});
