// tierdesk in a real browser: every role, seed 000's whole ladder by clicks, isolation between
// clients, escaping, the keyboard path, live updates and accessibility. One desk and one
// Chromium for the whole file; each person has a browser context of their own.
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { actionDone, axeProblems, desktop, form, phone, screenshot, signIn, startBrowser, startDesk, viewerTime } from './harness.mjs';

let desk;
let browser;

before(async () => {
  desk = await startDesk();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await desk?.stop();
});

// A wall time `hours` from now in the viewer's zone, as an <input type="datetime-local"> takes
// it: the forms take times in the zone of whoever types them.
function localTimeIn(hours) {
  return viewerTime(new Date(Date.now() + hours * 3600e3).toISOString()).slice(0, 16).replace(' ', 'T');
}

describe('signing in', () => {
  for (const [login, heading] of [
    ['psc-anil', 'Queues'],
    ['ssc-ravi', 'Queues'],
    ['dsc-arjun', 'Queues'],
    ['ssc-lead', 'Queues'],
    ['client:C-1001', 'My requests'],
  ]) {
    it(`${login} signs in and sees ${heading}`, async () => {
      const page = await signIn(browser, desk, login);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  it('a wrong password is refused with a message, and no session is opened', async () => {
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    await page.goto(desk.url + '/');
    await page.getByLabel('Login').fill('ssc-ravi');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong login or password' }).waitFor();
    assert.equal((await context.cookies()).filter((c) => c.name === 'td_session').length, 0);
    await context.close();
  });

  it('signing out in one tab ends the session in the others without a reload', async () => {
    const first = await signIn(browser, desk, 'ssc-lead');
    const second = await first.context().newPage();
    await second.goto(`${desk.url}/queue`);
    await second.getByRole('heading', { name: 'Queues', level: 1 }).waitFor();
    await second.getByText('Live', { exact: true }).waitFor();
    await first.getByRole('button', { name: 'Sign out' }).click();
    // The second tab's stream is ended by the server, and the tab asks to sign in again.
    await second.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 5000 });
    await first.context().close();
  });
});

describe('seed 000 by clicks', () => {
  it('client registers → L1 hands off → L2 acknowledges and responds → L3 resolves → client signs off', async () => {
    // The client registers the request in the portal.
    const client = await signIn(browser, desk, 'client:C-1001');
    await client.getByRole('link', { name: 'New request' }).first().click();
    await client.getByLabel('What is wrong, in a line (required)').fill('Checkout returns 500');
    await client.getByLabel('Description (required)').fill('Every checkout fails since 08:50');
    await client.getByLabel('Module or resource').fill('WEB-01');
    await client.getByLabel('Error messages').fill('HTTP 500 on /checkout');
    await client.getByRole('button', { name: 'Send request' }).click();
    await client.waitForURL(/\/portal\/tickets\/TD-\d+$/);
    const ref = client.url().split('/').pop();
    await client.getByRole('heading', { name: `${ref}: Checkout returns 500` }).waitFor();

    // Level 1 hands off to Level 2 with a criterion and what was tried.
    const l1 = await signIn(browser, desk, 'psc-anil');
    await l1.goto(`${desk.url}/tickets/${ref}`);
    // First it completes the intake the portal left out: where the client sits.
    await l1.getByRole('button', { name: 'Amend intake' }).click();
    const amend = form(l1, 'Complete or correct the intake');
    await amend.getByLabel('Field').selectOption('room');
    await amend.getByLabel('New value').fill('B-204');
    await amend.getByRole('button', { name: 'Save change' }).click();
    await actionDone(l1, 'Complete or correct the intake');
    await l1.getByRole('definition').filter({ hasText: 'B-204' }).waitFor();
    await l1.getByRole('button', { name: 'Hand off' }).click();
    const handoff = form(l1, 'Hand off to the next tier');
    await handoff.getByLabel('Why (the tier’s hand-off criteria)').selectOption('needs_deeper_knowledge');
    await handoff.getByLabel('What was tried').fill('Reproduced from two networks; CDN cache cleared');
    await handoff.getByRole('button', { name: 'Hand off' }).click();
    await actionDone(l1);
    await l1.getByText('L2', { exact: true }).first().waitFor();

    // Level 2's primary for web-01 was paged: acknowledges, then responds.
    const l2 = await signIn(browser, desk, 'ssc-ravi');
    await l2.goto(`${desk.url}/queue?view=pages`);
    await l2.getByRole('table', { name: /Pages for me/ }).getByRole('link', { name: ref }).click();
    await l2.waitForURL(new RegExp(`/tickets/${ref}$`));
    await l2.getByRole('cell', { name: 'waiting for acknowledgement' }).waitFor();
    await l2.getByRole('button', { name: 'Acknowledge' }).click();
    await l2.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    await l2.getByRole('button', { name: 'Send response' }).click();
    const respond = form(l2, 'Structured response to the client');
    await respond.getByLabel('Working on it').check();
    // Half-filled: no findings. Refused before anything is sent.
    await respond.getByRole('button', { name: 'Send response' }).click();
    await respond.getByText('Required.').waitFor();
    await respond.getByLabel('Findings (required)').fill('The payment client rejects a new response field.');
    await respond.getByRole('button', { name: 'Send response' }).click();
    await respond.getByText('Give an ETA or a next-update time.').waitFor();
    await respond.getByLabel('Next update by').fill(localTimeIn(2));
    // The server renders the mail the client will get before it is sent.
    const preview = respond.getByRole('region', { name: 'Preview of the mail' });
    await preview.getByText('The payment client rejects a new response field.').waitFor();
    await preview.getByText(/Working on it/).first().waitFor();
    await respond.getByRole('button', { name: 'Send response' }).click();
    await actionDone(l2);
    const afterResponse = await desk.api('ssc-ravi', 'GET', `/api/v1/tickets/${ref}`);
    assert.equal(afterResponse.timeline.filter((e) => e.type === 'responded').length, 1);

    // Level 2 hands off to Level 3 (per product: the form asks which).
    await l2.getByRole('button', { name: 'Hand off' }).click();
    const toL3 = form(l2, 'Hand off to the next tier');
    await toL3.getByLabel('Why (the tier’s hand-off criteria)').selectOption('potential_bug');
    await toL3.getByLabel('What was tried').fill('Server healthy; the error is in the application');
    await toL3.getByLabel(/Which product/).selectOption('shop');
    await toL3.getByRole('button', { name: 'Hand off' }).click();
    await actionDone(l2);

    // Level 3 acknowledges and resolves with the resolution fields the procedure requires.
    const l3 = await signIn(browser, desk, 'dsc-arjun');
    await l3.goto(`${desk.url}/tickets/${ref}`);
    await l3.getByRole('button', { name: 'Acknowledge' }).click();
    await l3.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    await l3.getByRole('button', { name: 'Resolve' }).click();
    const resolve = form(l3, 'Resolve');
    await resolve.getByLabel('Summary (required)').fill('Checkout works again');
    await resolve.getByLabel('Details (required)').fill('Hotfix 3.8.1 accepts unknown response fields.');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await actionDone(l3);

    // The client sees the resolution and signs off; the ticket closes.
    await client.reload();
    await client.getByText('Awaiting sign-off').waitFor();
    await client.getByRole('button', { name: 'Sign off' }).click();
    await form(client, 'Sign off: the problem is solved').getByLabel('Comment (optional)').fill('Orders are coming in again');
    await form(client, 'Sign off: the problem is solved').getByRole('button', { name: 'Sign off' }).click();
    await client.getByText('Closed', { exact: true }).first().waitFor();
    const closed = await desk.api('psc-anil', 'GET', `/api/v1/tickets/${ref}`);
    assert.equal(closed.stage, 'closed');
    for (const page of [client, l1, l2, l3]) {
      assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
      await page.context().close();
    }
  });
});

describe('a page offers what the core allows, and nothing else', () => {
  // The buttons of the ticket page's toolbar, by name.
  async function offered(page) {
    const bar = page.getByRole('toolbar', { name: 'Actions' });
    await bar.waitFor();
    return (await bar.getByRole('button').allInnerTexts()).map((b) => b.trim()).sort();
  }

  it('acknowledge, reopen and resolution follow the ticket as the core sees it, for staff and client', async () => {
    const t = await desk.api('client:C-1001', 'POST', '/api/v1/tickets', { title: 'Invoices page blank', description: 'Since the upgrade', assets: { server: 'web-01', product: 'shop' } });
    const l1 = await signIn(browser, desk, 'psc-anil');
    await l1.goto(`${desk.url}/tickets/${t.id}`);
    // Unowned at L1: its agents may take it.
    assert.ok((await offered(l1)).includes('Acknowledge'));
    // A deadline in the viewer's time, with the desk's beside it (Berlin is not Kolkata).
    const handoff = (await desk.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`)).clocks.find((c) => c.name === 'handoff');
    const due = await l1.locator('tr[data-clock="handoff"] td').nth(1).innerText();
    assert.equal(due, `${viewerTime(handoff.due)} (${handoff.due.slice(11, 16)} desk time, UTC+05:30)`);
    await l1.getByRole('button', { name: 'Acknowledge' }).click();
    await l1.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    // Theirs now: the core refuses a second acknowledgement, so it is not offered.
    await l1.getByRole('button', { name: 'Hand off' }).waitFor();
    assert.ok(!(await offered(l1)).includes('Acknowledge'));

    await desk.api('psc-anil', 'POST', `/api/v1/tickets/${t.id}/handoff`, { to: 'L2', criterion: 'needs_deeper_knowledge', tried: 'Cleared the cache' });
    await desk.api('ssc-ravi', 'POST', `/api/v1/tickets/${t.id}/acknowledge`, {});
    await desk.api('ssc-ravi', 'POST', `/api/v1/tickets/${t.id}/resolve`, { resolution: { summary: 'Template restored', details: 'The upgrade dropped the invoice template' } });
    // Awaiting the client's sign-off: the worker may reopen (the core accepts it there) and may
    // not acknowledge; nothing of the open ladder is offered.
    const l2 = await signIn(browser, desk, 'ssc-ravi');
    await l2.goto(`${desk.url}/tickets/${t.id}`);
    await l2.getByRole('button', { name: 'Reopen' }).waitFor();
    const waiting = await offered(l2);
    for (const absent of ['Acknowledge', 'Hand off', 'Resolve', 'Send response']) assert.ok(!waiting.includes(absent), `${absent} is offered while awaiting sign-off: ${waiting}`);
    const view = await desk.api('ssc-ravi', 'GET', `/api/v1/tickets/${t.id}`);
    assert.deepEqual(view.actions.map((a) => a.command).sort(), ['amend', 'change_priority', 'client_reply', 'note', 'reopen', 'triage']);

    // The client signs off from a staff link: it opens their own view of the ticket.
    const client = await signIn(browser, desk, 'client:C-1001');
    await client.goto(`${desk.url}/tickets/${t.id}`);
    await client.getByRole('heading', { name: `${t.id}: Invoices page blank` }).waitFor();
    assert.deepEqual(await offered(client), ['Reopen', 'Reply', 'Sign off']);
    await client.getByRole('button', { name: 'Sign off' }).click();
    await form(client, 'Sign off: the problem is solved').getByRole('button', { name: 'Sign off' }).click();
    await client.getByText('Closed', { exact: true }).first().waitFor();
    // Closed: the resolution stays in view, and only a reopen is offered.
    await client.getByRole('region', { name: 'Resolution' }).getByText('Template restored').waitFor();
    assert.deepEqual(await offered(client), ['Reopen']);
    await l2.reload();
    await l2.getByRole('button', { name: 'Reopen' }).waitFor();
    assert.deepEqual(await offered(l2), ['Add note', 'Reopen']);
    for (const page of [l1, l2, client]) {
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });

  it('only an administrator is shown the Admin tab and the procedure upload', async () => {
    const agent = await signIn(browser, desk, 'ssc-ravi');
    const nav = agent.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Procedure' }).click();
    await agent.getByRole('heading', { name: 'Procedure and tokens', level: 1 }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Admin' }).count(), 0);
    assert.equal(await agent.getByLabel('Procedure file (TOML)').count(), 0);
    const lead = await signIn(browser, desk, 'psc-lead');
    await lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await lead.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    await lead.getByLabel('Procedure file (TOML)').waitFor();
    await agent.context().close();
    await lead.context().close();
  });
});

describe('isolation and escaping', () => {
  it("client A opening client B's ticket gets a not-found page", async () => {
    const theirs = await desk.api('client:C-2040', 'POST', '/api/v1/tickets', { title: 'Fatima’s private matter', description: 'secret' });
    const page = await signIn(browser, desk, 'client:C-1001');
    await page.goto(`${desk.url}/portal/tickets/${theirs.id}`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    assert.equal(await page.getByText('Fatima’s private matter').count(), 0);
    assert.equal(await page.getByText('secret').count(), 0);
    await page.context().close();
  });

  it('a <script> in a title and description is shown as text and never runs', async () => {
    const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const t = await desk.api('client:C-1001', 'POST', '/api/v1/tickets', { title: evil, description: evil });
    const page = await signIn(browser, desk, 'psc-anil');
    await page.goto(`${desk.url}/tickets/${t.id}`);
    await page.getByRole('heading', { name: `${t.id}: ${evil}` }).waitFor();
    await page.goto(`${desk.url}/queue`);
    await page.getByRole('cell', { name: evil }).first().waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.context().close();
  });
});

describe('files', () => {
  // The smallest valid PNG: one transparent pixel.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

  it('a client attaches a screenshot to a request; a file on an internal note stays with staff', async () => {
    const client = await signIn(browser, desk, 'client:C-1001');
    await client.goto(`${desk.url}/portal/new`);
    await client.getByLabel('What is wrong, in a line (required)').fill('Invoice page blank');
    await client.getByLabel('Description (required)').fill('The invoice page shows nothing');
    const picker = client.getByLabel('Screenshots or files');
    // A type the desk does not take is refused before it is sent, with the reason.
    await picker.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
    await client.getByText('page.html: only screenshots').waitFor();
    await picker.setInputFiles({ name: 'invoice-blank.png', mimeType: 'image/png', buffer: png });
    await client.getByRole('list', { name: 'Attached files' }).getByText('invoice-blank.png').waitFor();
    await client.getByRole('button', { name: 'Send request' }).click();
    await client.waitForURL(/\/portal\/tickets\/TD-\d+$/);
    const ref = client.url().split('/').pop();

    // The client downloads the very bytes sent.
    const download = client.waitForEvent('download');
    await client.getByRole('link', { name: 'invoice-blank.png' }).click();
    const saved = await (await download).path();
    assert.deepEqual(readFileSync(saved), png);

    // Staff see it, and add an internal note with a log of their own.
    const agent = await signIn(browser, desk, 'psc-anil');
    await agent.goto(`${desk.url}/tickets/${ref}`);
    await agent.getByRole('link', { name: 'invoice-blank.png' }).waitFor();
    await agent.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Add note' }).click();
    const note = form(agent, 'Add a note');
    await note.getByLabel('Note (required)').fill('Server log from the render node attached');
    await note.getByLabel('Files').setInputFiles({ name: 'render-node.log', mimeType: 'text/plain', buffer: Buffer.from('ERROR template missing\n') });
    await note.getByRole('list', { name: 'Attached files' }).getByText('render-node.log').waitFor();
    await note.getByRole('button', { name: 'Add note' }).click();
    await actionDone(agent);
    await agent.getByRole('link', { name: 'render-node.log' }).waitFor();
    const staffView = await desk.api('psc-anil', 'GET', `/api/v1/tickets/${ref}`);
    const log = staffView.attachments.find((a) => a.name === 'render-node.log');
    assert.equal(log.internal, true);

    // The client is neither shown the log nor given it by its digest.
    await client.reload();
    await client.getByRole('link', { name: 'invoice-blank.png' }).waitFor();
    assert.equal(await client.getByText('render-node.log').count(), 0);
    const refused = await client.request.get(`${desk.url}/api/v1/tickets/${ref}/attachments/${log.sha256}`);
    assert.equal(refused.status(), 404);
    for (const page of [client, agent]) {
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });
});

describe('live updates', () => {
  it("a change made by one agent appears in another agent's open queue without a reload", async () => {
    const page = await signIn(browser, desk, 'psc-anil');
    await page.goto(`${desk.url}/queue`);
    await page.locator('.live-status[data-status="live"]').waitFor();
    await page.evaluate(() => (window.__sameDocument = true));
    const t = await desk.api('psc-lead', 'POST', '/api/v1/tickets', { title: 'Made by the team leader', client_id: 'C-1001', caller_phone: '1' });
    await page.locator(`tr[data-ticket="${t.id}"]`).getByText('Made by the team leader').waitFor();
    // Another agent takes it: the row changes in place.
    await desk.api('psc-lead', 'POST', `/api/v1/tickets/${t.id}/change_priority`, { to: 'critical', reason: 'Whole floor down' });
    await page.locator(`tr[data-ticket="${t.id}"] .prio-critical`).waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
    await page.context().close();
  });

  it('an agent sees who else is on the ticket, and whether they are writing', async () => {
    const t = await desk.api('psc-anil', 'POST', '/api/v1/tickets', { title: 'Two agents on one ticket', client_id: 'C-1001', caller_phone: '1' });
    const anil = await signIn(browser, desk, 'psc-anil');
    await anil.goto(`${desk.url}/tickets/${t.id}`);
    await anil.locator('.live-status[data-status="live"]').waitFor();
    const lead = await signIn(browser, desk, 'psc-lead');
    await lead.goto(`${desk.url}/tickets/${t.id}`);
    await anil.getByRole('status').filter({ hasText: 'Deepa Iyer is viewing' }).waitFor();
    // Who was there first is shown to who comes after, without waiting for a heartbeat.
    await lead.getByRole('status').filter({ hasText: "Anil Kumar is viewing" }).waitFor({ timeout: 3000 });
    // Anil's queue, in another tab, marks the ticket's row.
    const queue = await anil.context().newPage();
    await queue.goto(`${desk.url}/queue`);
    const row = queue.locator(`tr[data-ticket="${t.id}"]`);
    await row.getByText('Deepa Iyer viewing').waitFor();
    await lead.getByRole('button', { name: 'Add note' }).click();
    await anil.getByRole('status').filter({ hasText: 'Deepa Iyer is writing' }).waitFor();
    await row.getByText('Deepa Iyer writing').waitFor();
    await anil.context().close();
    await lead.context().close();
  });

  it('notes arriving on an open ticket are added from their live events, without re-reading the ticket', async () => {
    const t = await desk.api('psc-anil', 'POST', '/api/v1/tickets', { title: 'A chatty ticket', client_id: 'C-1001', caller_phone: '1' });
    const page = await signIn(browser, desk, 'psc-anil');
    const reads = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/v1/tickets/${t.id}` && r.method() === 'GET') reads.push(r.url());
    });
    await page.goto(`${desk.url}/tickets/${t.id}`);
    await page.locator('.live-status[data-status="live"]').waitFor();
    await page.getByRole('heading', { name: new RegExp(t.id) }).first().waitFor();
    const before = reads.length;
    for (let i = 1; i <= 20; i++) await desk.api('psc-lead', 'POST', `/api/v1/tickets/${t.id}/note`, { text: `status check ${i}` });
    await page.getByText('status check 20').first().waitFor();
    assert.equal(reads.length, before, 'no note made the page read the ticket again');
    // Shown at the time the API gives it, in the viewer's zone, named.
    const api = await desk.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`);
    const last = api.timeline.findLast((e) => e.type === 'note');
    const shown = await page.locator('li[data-type="note"]').filter({ hasText: 'status check 20' }).first().locator('.meta').innerText();
    assert.ok(shown.startsWith(viewerTime(last.at)), `${shown} for ${last.at}`);
    // A change of state is read again, and shown.
    await desk.api('psc-lead', 'POST', `/api/v1/tickets/${t.id}/change_priority`, { to: 'critical', reason: 'Whole floor down' });
    await page.locator('.prio-critical').first().waitFor();
    assert.ok(reads.length > before);
    await page.context().close();
  });

  it('after the stream is cut and resumed, no event is missing and none comes twice', async () => {
    const page = await signIn(browser, desk, 'psc-anil');
    await page.goto(`${desk.url}/queue`);
    await page.locator('.live-status[data-status="live"]').waitFor();
    // The browser's own EventSource records every id it is given; it resumes by itself with
    // Last-Event-ID.
    await page.evaluate(() => {
      window.__seqs = [];
      const source = new EventSource('/api/v1/stream');
      source.addEventListener('ticket', (e) => window.__seqs.push(Number(e.lastEventId)));
      window.__opened = new Promise((ok) => (source.onopen = ok));
    });
    await page.evaluate(() => window.__opened);
    const before = await desk.api('psc-lead', 'POST', '/api/v1/tickets', { title: 'Before the cut', client_id: 'C-1001', caller_phone: '1' });
    await page.waitForFunction(() => window.__seqs.length > 0);
    // The server goes away; while this browser is cut off, tickets are made and changed.
    const made = [];
    await desk.outage(async () => {
      for (let i = 0; i < 5; i++) {
        const t = await desk.api('psc-lead', 'POST', '/api/v1/tickets', { title: `While cut off ${i}`, client_id: 'C-1001', caller_phone: '1' });
        await desk.api('psc-lead', 'POST', `/api/v1/tickets/${t.id}/note`, { text: `note ${i}` });
        made.push(t.id);
      }
    });
    // Back: the page shows them without a reload, and the stream missed nothing.
    for (const id of made) await page.locator(`tr[data-ticket="${id}"]`).waitFor();
    const expected = (await Promise.all(made.map((id) => desk.api('psc-lead', 'GET', `/api/v1/tickets/${id}`)))).reduce((n, t) => n + t.timeline.length, 0);
    await page.waitForFunction((n) => window.__seqs.length >= n, expected + 1);
    const seqs = await page.evaluate(() => window.__seqs);
    assert.equal(new Set(seqs).size, seqs.length, 'no event twice');
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `no gap after ${seqs[i - 1]}`);
    assert.ok(seqs.length >= expected + 1, `${seqs.length} events for ${expected + 1} expected`);
    assert.ok(before.id);
    await page.context().close();
  });
});

describe('keyboard', () => {
  it('an agent hands a ticket off with the keyboard alone', async () => {
    const t = await desk.api('psc-anil', 'POST', '/api/v1/tickets', { title: 'Keyboard only', client_id: 'C-1001', caller_phone: '1', assets: { server: 'db-01' } });
    const page = await signIn(browser, desk, 'psc-anil');
    await page.goto(`${desk.url}/queue`);
    const row = page.locator(`tr[data-ticket="${t.id}"]`);
    await row.waitFor();
    // j moves down the queue until the ticket is current; o opens it.
    for (let i = 0; i < 50 && !(await row.evaluate((r) => r.classList.contains('current'))); i++) await page.keyboard.press('j');
    await page.keyboard.press('o');
    await page.waitForURL(new RegExp(`/tickets/${t.id}$`));
    // Tab to the Hand off button, Enter opens the form, then fields by Tab and typing.
    const handoff = page.getByRole('button', { name: 'Hand off' });
    for (let i = 0; i < 40 && !(await handoff.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const f = form(page, 'Hand off to the next tier');
    await f.waitFor();
    // The form takes the focus on its first field, the tier (already L2).
    await page.keyboard.press('Tab'); // the criterion
    await page.keyboard.press('ArrowDown'); // first criterion
    await page.keyboard.press('Tab');
    await page.keyboard.type('Restarted the service; same error');
    await page.keyboard.press('Tab'); // what the client is told: left empty
    await page.keyboard.press('Tab'); // past the hint, the submit button
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'done' }).waitFor();
    const after = await desk.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`);
    assert.equal(after.tier, 'L2');
    await page.context().close();
  });

  it('a 500-row queue renders the rows on screen, stays one table of 500, and j/k/select-all reach every row', async () => {
    const page = await signIn(browser, desk, 'psc-anil');
    const rows = Array.from({ length: 500 }, (_, i) => ({
      id: `TD-${90001 + i}`, title: `Long queue row ${i + 1}`, priority: 'medium', tier: 'L1', stage: 'open', assignee: '',
      client_id: 'C-1001', received_at: '2026-01-05T09:02:00+05:30', updated_at: '2026-01-05T09:02:00+05:30',
    }));
    await page.route('**/api/v1/tickets?*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ tickets: rows, next_cursor: null }) }));
    await page.goto(`${desk.url}/queue`);
    const table = page.getByRole('table', { name: /L1/ });
    await table.getByRole('cell', { name: 'Long queue row 1', exact: true }).waitFor();
    assert.equal(await table.getAttribute('aria-rowcount'), '501');
    const rendered = await page.locator('tr[data-ticket]').count();
    assert.ok(rendered > 10 && rendered < 100, `${rendered} rows rendered`);

    // Scrolled to the end: the last row is there, with its place among the 500.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const lastRow = page.locator('tr[data-ticket="TD-90500"]');
    await lastRow.waitFor();
    assert.equal(await lastRow.getAttribute('aria-rowindex'), '501');
    assert.ok(await lastRow.isVisible());

    // Back at the top, j walks past the rendered rows: the current one is always on screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('tr[data-ticket="TD-90001"]').waitFor();
    for (let i = 0; i < 80; i++) await page.keyboard.press('j');
    const current = page.locator('tr.current');
    assert.equal(await current.getAttribute('data-ticket'), 'TD-90081');
    const box = await current.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= desktop.height + 1, `the current row is on screen: ${JSON.stringify(box)}, scrolled ${await page.evaluate(() => window.scrollY)}`);

    // Select all takes every row, not only those rendered.
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByRole('button', { name: 'Acknowledge selected (500)' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('every page, at desktop and phone widths', () => {
  for (const [width, viewport] of [['desktop', desktop], ['phone', phone]]) {
    it(`has no serious accessibility problem and is captured (${width})`, async () => {
      const t = await desk.api('client:C-1001', 'POST', '/api/v1/tickets', { title: 'Printer offline on floor 3', description: 'Since 9:00', assets: { server: 'web-01' } });
      const anon = await (await browser.newContext({ viewport })).newPage();
      await anon.goto(desk.url + '/');
      await anon.getByRole('button', { name: 'Sign in' }).waitFor();
      const pages = [['login', anon]];
      const agent = await signIn(browser, desk, 'ssc-ravi', viewport);
      const lead = await signIn(browser, desk, 'psc-lead', viewport);
      const client = await signIn(browser, desk, 'client:C-1001', viewport);
      const visits = [
        ['console', agent, '/queue', 'Queues'],
        ['new-request', agent, '/new', 'New request'],
        ['ticket', agent, `/tickets/${t.id}`, `${t.id}: Printer offline on floor 3`],
        ['admin', lead, '/admin', 'Admin'],
        ['procedure', agent, '/admin', 'Procedure and tokens'],
        ['portal', client, '/portal', 'My requests'],
        ['portal-new', client, '/portal/new', 'New request'],
        ['portal-ticket', client, `/portal/tickets/${t.id}`, `${t.id}: Printer offline on floor 3`],
      ];
      const problems = {};
      for (const [name, page, path, heading] of [['login', anon, '/', 'Sign in to tierdesk'], ...visits]) {
        await page.goto(desk.url + path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        const found = await axeProblems(page);
        if (found.length) problems[name] = found;
        await screenshot(page, `${name}-${width}`);
        // Nothing wider than the screen: a phone scrolls down, never sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${name} is ${overflow}px wider than the ${width} screen`);
      }
      assert.deepEqual(problems, {});
      for (const [, page] of pages) await page.context().close();
      await agent.context().close();
      await lead.context().close();
      await client.context().close();
    });
  }
});

describe('admin', () => {
  it('a procedure file is checked (problems by line), applied, and in force', async () => {
    const page = await signIn(browser, desk, 'psc-lead');
    await page.goto(`${desk.url}/admin`);
    const original = readFileSync(desk.procedure, 'utf8');
    const upload = page.getByLabel('Procedure file (TOML)');
    await upload.setInputFiles({ name: 'broken.toml', mimeType: 'application/toml', buffer: Buffer.from(original.replace('id = "L2"', 'id = "L2"\nbogus_key = 1')) });
    const problems = page.getByRole('table', { name: 'Problems in broken.toml' });
    await problems.waitFor();
    assert.match(await problems.innerText(), /bogus_key/);
    assert.equal(readFileSync(desk.procedure, 'utf8'), original, 'nothing written');
    const renamed = original.replace(/^name = ".*"$/m, 'name = "Auro Infotech Support (revised)"');
    await upload.setInputFiles({ name: 'revised.toml', mimeType: 'application/toml', buffer: Buffer.from(renamed) });
    await page.getByRole('button', { name: 'Apply revised.toml' }).click();
    await page.getByText('revised.toml is in force.').waitFor();
    await page.getByRole('heading', { name: /Auro Infotech Support \(revised\)/ }).waitFor();
    assert.equal(readFileSync(desk.procedure, 'utf8'), renamed);
    await page.context().close();
  });

  it('an agent makes an API token for themselves, sees its secret once, and revokes it', async () => {
    const page = await signIn(browser, desk, 'ssc-ravi');
    await page.goto(`${desk.url}/admin`);
    await page.getByLabel('Label').fill('monitoring script');
    await page.getByRole('button', { name: 'Make token' }).click();
    const secret = (await page.locator('code.secret').innerText()).trim();
    assert.equal((await fetch(`${desk.url}/api/v1/session`, { headers: { Authorization: `Bearer ${secret}` } })).status, 200);
    const row = page.getByRole('row').filter({ hasText: 'monitoring script' });
    await row.getByRole('button', { name: /Revoke/ }).click();
    await row.getByText(/revoked/).waitFor();
    assert.equal((await fetch(`${desk.url}/api/v1/session`, { headers: { Authorization: `Bearer ${secret}` } })).status, 401);
    await page.context().close();
  });
});
