// The knowledge base in Chromium (seed 003: engineering "updates the knowledge base"; seed 000:
// the team leaders publish): an engineer writes an article in the console and submits it; the
// team leader, offered Publish where the engineer was not, publishes it; a client finds it in
// the portal by typing the problem, the matched words marked, and reads it; an internal article
// is found by staff and never by the client; Level 1 registering a call is shown the known fixes
// for what is typed and resolves with one ("This solved it"), and a client writing a request in
// the portal is shown the articles they may read; staff search every ticket by the words of its
// resolution, the articles beside them; an asset's page shows staff who supports it, a client
// its articles only. Screenshots of each new page at desktop and phone
// widths.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { actionDone, axeProblems, form, phone, root, screenshot, signIn, startBrowser, startDesk } from './harness.mjs';

let browser;
let desk;

before(async () => {
  browser = await startBrowser();
  desk = await startDesk({ logins: ['psc-anil', 'ssc-ravi', 'ssc-lead', 'client:C-1001', 'client:C-2040'] });
});

after(async () => {
  await desk?.stop();
  await browser?.close();
});

// Nothing wider than the screen: a phone scrolls down, never sideways.
async function assertFits(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} is ${overflow}px wider than the screen`);
}

const toolbar = (page) => page.getByRole('toolbar', { name: 'Actions' });

describe('seed 000: an article written, reviewed, published and found', () => {
  let ref = '';

  it('an engineer writes an article in the console and submits it; Publish is not theirs to press', async () => {
    const page = await signIn(browser, desk, 'ssc-ravi');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
    await page.getByRole('heading', { name: 'Knowledge base' }).waitFor();
    await page.getByRole('button', { name: 'New article' }).click();
    await page.waitForURL(/\/kb\/new$/);
    await page.getByLabel('Title').fill('Checkout returns 500 after a deploy');
    await page.getByLabel('Body (Markdown)').fill(
      '## Symptom\n\nCustomers see **HTTP 500** at checkout.\n\n## Fix\n\n1. Clear the template cache.\n2. Reload the workers.\n\n<script>alert(1)</script>',
    );
    await page.getByLabel('All clients').check();
    await page.getByLabel('Assets and products').selectOption(['server:web-01', 'product:shop']);
    await page.getByLabel('Incident').check();
    await screenshot(page, 'kb-new-article');
    assert.deepEqual(await axeProblems(page), []);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/kb\/KB-\d+$/);
    ref = page.url().split('/').pop();
    await page.getByRole('heading', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    // The body as the server rendered it: Markdown's heading and list, raw HTML as text.
    await page.locator('.article-body h2', { hasText: 'Symptom' }).waitFor();
    assert.equal(await page.locator('.article-body ol li').count(), 2);
    assert.equal(await page.locator('.article-body script').count(), 0);
    await page.locator('.article-body', { hasText: '<script>alert(1)</script>' }).waitFor();
    assert.equal(await page.locator('.badge.status-draft').innerText(), 'Draft');
    // What the core allows the author: edit, submit, change audience and subjects; not publish.
    const offered = await toolbar(page).getByRole('button').allInnerTexts();
    assert.ok(offered.includes('Submit for review'), offered.join(', '));
    assert.ok(!offered.includes('Publish'), offered.join(', '));
    await toolbar(page).getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('status').filter({ hasText: 'Submitted for review.' }).waitFor();
    assert.equal(await page.locator('.badge.status-in_review').innerText(), 'In review');
    const article = await desk.api('ssc-ravi', 'GET', `/api/v1/articles/${ref}`);
    assert.equal(article.status, 'in_review');
    assert.deepEqual([...article.assets].sort(), ['product:shop', 'server:web-01']);
    assert.equal(article.visibility.audience, 'all_clients');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('the team leader is offered Publish and publishes it', async () => {
    const page = await signIn(browser, desk, 'ssc-lead');
    await page.goto(`${desk.url}/kb?status=in_review`);
    await page.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).click();
    await page.waitForURL(new RegExp(`/kb/${ref}$`));
    await toolbar(page).getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
    assert.equal(await page.locator('.badge.status-published').innerText(), 'Published');
    await screenshot(page, 'kb-article-staff');
    assert.deepEqual(await axeProblems(page), []);
    assert.equal((await desk.api('ssc-lead', 'GET', `/api/v1/articles/${ref}`)).published_version, 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('a client finds it in the portal by typing the problem, and reads it', async () => {
    const page = await signIn(browser, desk, 'client:C-1001');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help articles' }).click();
    await page.getByRole('heading', { name: 'Help articles' }).waitFor();
    await page.getByLabel('Search').pressSequentially('checkout error 500');
    // Searched as typed (the list of newest articles shows it too: wait for the search's answer).
    await page.getByRole('status').filter({ hasText: '“checkout error 500”' }).waitFor();
    const hit = page.getByRole('link', { name: 'Checkout returns 500 after a deploy' });
    await hit.waitFor();
    // The passage that matched, its words marked.
    assert.ok((await page.locator('.articles mark').allInnerTexts()).length > 0);
    assert.match(page.url(), /\/portal\/kb\?q=checkout\+error\+500$/);
    await screenshot(page, 'kb-portal-search');
    assert.deepEqual(await axeProblems(page), []);
    await hit.click();
    await page.waitForURL(new RegExp(`/portal/kb/${ref}$`));
    await page.locator('.article-body h2', { hasText: 'Fix' }).waitFor();
    // Nothing of the workflow reaches a client.
    assert.equal(await page.getByRole('toolbar', { name: 'Actions' }).count(), 0);
    await screenshot(page, 'kb-portal-article');
    await page.setViewportSize(phone);
    await assertFits(page, 'the article on a phone');
    await screenshot(page, 'kb-portal-article-phone');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('an internal article is found by staff and never by a client', async () => {
    const created = await desk.api('ssc-ravi', 'POST', '/api/v1/articles', {
      title: 'Checkout database failover runbook',
      body: 'Internal steps: promote the checkout replica on db-01.',
      visibility: { audience: 'internal' },
      assets: ['server:web-01'],
    });
    await desk.api('ssc-ravi', 'POST', `/api/v1/articles/${created.id}/submit`, {});
    await desk.api('ssc-lead', 'POST', `/api/v1/articles/${created.id}/publish`, {});

    const staff = await signIn(browser, desk, 'ssc-lead');
    await staff.goto(`${desk.url}/kb?q=checkout`);
    await staff.getByRole('link', { name: 'Checkout database failover runbook' }).waitFor();
    await staff.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    await screenshot(staff, 'kb-staff-search');
    await staff.context().close();

    const client = await signIn(browser, desk, 'client:C-2040');
    await client.goto(`${desk.url}/portal/kb?q=checkout`);
    await client.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    assert.equal(await client.getByRole('link', { name: 'Checkout database failover runbook' }).count(), 0);
    // Its address, typed, is not found either (the same answer as an article that does not exist).
    await client.goto(`${desk.url}/portal/kb/${created.id}`);
    await client.getByRole('heading', { name: 'Not found' }).waitFor();
    assert.deepEqual(client.problems, []);
    await client.context().close();
  });

  it('Level 1 finds the known fix while registering a call, and resolves with it', async () => {
    const page = await signIn(browser, desk, 'psc-anil');
    await page.goto(`${desk.url}/new`);
    await page.getByRole('heading', { name: 'New request' }).waitFor();
    await page.locator('#client-search').fill('ganesh');
    await page.getByRole('option', { name: /Ganesh Raman/ }).click();
    await page.getByLabel(/^Title/).fill('Checkout page shows error 500');
    const fixes = page.getByRole('complementary', { name: 'Known fixes' });
    await fixes.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    // Known fixes are every published article, the internal runbook too.
    await fixes.getByRole('link', { name: 'Checkout database failover runbook' }).waitFor();
    await screenshot(page, 'kb-known-fixes-at-intake');
    assert.deepEqual(await axeProblems(page), []);
    await fixes.locator('li', { hasText: 'Checkout returns 500 after a deploy' }).getByRole('button', { name: /This solved it/ }).click();
    // Registered, and open on its Resolve form with the article named.
    await page.waitForURL(new RegExp(`/tickets/TD-\\d+\\?action=resolve&known_fix=${ref}$`));
    const resolve = form(page, 'Resolve');
    assert.equal(await resolve.getByLabel(/^Known fix/).inputValue(), ref);
    await resolve.getByLabel('Summary (required)').fill('Cleared the template cache');
    await resolve.getByLabel('Details (required)').fill('Cleared the template cache as the article says; checkout works.');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await actionDone(page);
    const ticket = await desk.api('psc-anil', 'GET', `/api/v1/tickets/${new URL(page.url()).pathname.split('/').pop()}`);
    assert.equal(ticket.tier, 'L1');
    assert.equal(ticket.resolution.known_fix, ref);
    assert.equal(ticket.stage, 'awaiting_signoff');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('staff search the desk\'s history: a resolution\'s words find its ticket, beside the article', async () => {
    const page = await signIn(browser, desk, 'psc-anil');
    await page.keyboard.press('/');
    await page.waitForURL(/\/search$/);
    await page.getByLabel('Tickets and articles').pressSequentially('template cache');
    const tickets = page.getByRole('region', { name: 'Tickets found' });
    const hit = tickets.getByRole('link', { name: /Checkout page shows error 500/ });
    await hit.waitFor();
    // Found by its resolution (its title holds neither word), the words marked in the passage.
    const marked = new Set((await tickets.locator('mark').allInnerTexts()).map((m) => m.toLowerCase()));
    assert.deepEqual([...marked].sort(), ['cache', 'template']);
    await page.getByRole('region', { name: 'Articles found' }).getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    assert.match(page.url(), /\/search\?q=template(%20|\+)cache$/);
    await screenshot(page, 'search');
    assert.deepEqual(await axeProblems(page), []);
    await page.setViewportSize(phone);
    await assertFits(page, 'the search on a phone');
    await screenshot(page, 'search-phone');
    await hit.click();
    await page.waitForURL(/\/tickets\/TD-\d+$/);
    // A ticket's reference typed alone opens it.
    await page.goto(`${desk.url}/search`);
    await page.getByLabel('Tickets and articles').fill('TD-1');
    await page.getByLabel('Tickets and articles').press('Enter');
    await page.waitForURL(/\/tickets\/TD-1$/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('an asset\'s page: staff see who supports it, its articles and open tickets; a client its articles only', async () => {
    const open = await desk.api('psc-anil', 'POST', '/api/v1/tickets', {
      title: 'web-01 answers slowly',
      client_id: 'C-1001',
      requester_email: 'ganesh@client.example',
      channel: 'phone',
      assets: { server: 'web-01' },
    });
    const staff = await signIn(browser, desk, 'psc-anil');
    await staff.goto(`${desk.url}/kb/${ref}`);
    await staff.getByRole('link', { name: 'Client web server web-01' }).click();
    await staff.waitForURL(/\/assets\/server(:|%3A)web-01$/);
    await staff.getByRole('heading', { name: 'Client web server web-01' }).waitFor();
    const contacts = staff.getByRole('region', { name: 'Contacts' });
    const first = contacts.getByRole('row').nth(1);
    assert.match(await first.innerText(), /1\. Primary[\s\S]*Ravi Shankar/);
    assert.match(await contacts.getByRole('row').nth(3).innerText(), /3\. Team leader/);
    const about = staff.getByRole('region', { name: 'Articles about it' });
    await about.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    await about.getByRole('link', { name: 'Checkout database failover runbook' }).waitFor();
    await about.getByRole('link', { name: `${open.id} web-01 answers slowly` }).waitFor();
    await screenshot(staff, 'asset-staff');
    assert.deepEqual(await axeProblems(staff), []);
    await staff.setViewportSize(phone);
    await assertFits(staff, 'an asset\'s page on a phone');
    await screenshot(staff, 'asset-staff-phone');
    assert.deepEqual(staff.problems, []);
    await staff.context().close();

    const client = await signIn(browser, desk, 'client:C-2040');
    await client.goto(`${desk.url}/portal/assets/server:web-01`);
    await client.getByRole('heading', { name: 'Client web server web-01' }).waitFor();
    await client.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    // The internal runbook about the same server, and the desk's people, are not the client's.
    assert.equal(await client.getByRole('link', { name: 'Checkout database failover runbook' }).count(), 0);
    assert.equal(await client.getByRole('region', { name: 'Contacts' }).count(), 0);
    assert.equal(await client.getByText('Ravi Shankar').count(), 0);
    await screenshot(client, 'asset-portal');
    assert.deepEqual(client.problems, []);
    await client.context().close();
  });

  it('staff insert a saved reply or an article into a note, offered only what the client reads', async () => {
    const t = await desk.api('psc-anil', 'POST', '/api/v1/tickets', {
      title: 'Checkout slow since the morning',
      client_id: 'C-2040',
      requester_email: 'fatima@client.example',
      channel: 'phone',
    });
    const page = await signIn(browser, desk, 'psc-anil');
    await page.goto(`${desk.url}/tickets/${t.id}`);
    await toolbar(page).getByRole('button', { name: 'Add note' }).click();
    const note = form(page, 'Add a note');
    await note.getByText('Insert a saved reply or an article').click();
    await note.getByRole('button', { name: 'Insert the saved reply Service restarted, please try again' }).click();
    assert.match(await note.getByLabel('Note (required)').inputValue(), /We restarted the service/);
    // A note that may be sent to the client is offered only what the client reads: an internal
    // article's title must not reach them by a box ticked after it was inserted.
    await note.getByLabel('Find by words').fill('checkout');
    // Enter searches; it does not send the half-written note.
    await note.getByLabel('Find by words').press('Enter');
    const fix = note.getByRole('button', { name: 'Insert the article Checkout returns 500 after a deploy' });
    await fix.waitFor();
    assert.equal(await note.getByRole('button', { name: 'Insert the article Checkout database failover runbook' }).count(), 0);
    await screenshot(page, 'insert-into-note');
    assert.deepEqual(await axeProblems(page), []);
    await fix.click();
    assert.match(await note.getByLabel('Note (required)').inputValue(), new RegExp(`Checkout returns 500 after a deploy: .*/portal/kb/${ref}`));
    await note.getByLabel('Send to the client (otherwise internal)').check();
    await note.getByRole('button', { name: 'Add note' }).click();
    await actionDone(page);
    const ticket = await desk.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`);
    assert.ok(ticket.timeline.some((e) => e.type === 'note' && /portal\/kb/.test(e.text ?? '')), JSON.stringify(ticket.timeline.map((e) => e.type)));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('a client writing a request in the portal is shown the articles that may solve it', async () => {
    const page = await signIn(browser, desk, 'client:C-1001');
    await page.goto(`${desk.url}/portal/new`);
    await page.getByLabel(/^What is wrong/).fill('error 500 at checkout');
    const fixes = page.getByRole('complementary', { name: 'Known fixes' });
    await fixes.getByRole('link', { name: 'Checkout returns 500 after a deploy' }).waitFor();
    assert.equal(await fixes.getByRole('link', { name: 'Checkout database failover runbook' }).count(), 0);
    assert.equal(await fixes.getByRole('button').count(), 0);
    await screenshot(page, 'kb-portal-new-request-suggestions');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('seed 003: the closure\'s knowledge-base task becomes an article', () => {
  let desk003;
  before(async () => {
    desk003 = await startDesk({ procedure: join(root, 'procedures/003-tiered-engineering.toml'), logins: ['t1-sam', 'eng-priya', 'client:C-1001'] });
  });
  after(async () => {
    await desk003?.stop();
  });

  it('the resolver opens a draft written from the resolution; the task is done once it is published', async () => {
    const created = await desk003.api('t1-sam', 'POST', '/api/v1/tickets', {
      title: 'VPN drops every hour', client_id: 'C-1001', channel: 'email',
      description: 'The VPN client disconnects on the hour.', requester_email: 'ganesh@client.example',
    });
    const t = `/api/v1/tickets/${created.id}`;
    await desk003.api('t1-sam', 'POST', `${t}/resolve`, {
      resolution: { summary: 'Renewed the DHCP lease', root_cause: 'A one-hour DHCP lease on the VPN pool', fix: 'Lease raised to a day' },
    });
    await desk003.api('client:C-1001', 'POST', `${t}/sign_off`, { comment: 'Works now' });
    assert.equal((await desk003.api('t1-sam', 'GET', t)).stage, 'closed');

    const page = await signIn(browser, desk003, 't1-sam');
    await page.goto(`${desk003.url}/tickets/${created.id}`);
    const panel = page.getByRole('region', { name: 'Knowledge base' });
    await panel.getByText('write what solved this as an article').waitFor();
    await panel.getByRole('link', { name: 'Write the article' }).click();
    await page.waitForURL(new RegExp(`/kb/new\\?from=${created.id}$`));
    const editor = page.getByRole('form', { name: `New article from ${created.id}` });
    await editor.waitFor();
    assert.equal(await editor.getByLabel('Title').inputValue(), 'VPN drops every hour');
    const body = await editor.getByLabel('Body (Markdown)').inputValue();
    for (const part of ['## Symptom', 'disconnects on the hour', '## Cause\n\nA one-hour DHCP lease', '## Fix', 'Renewed the DHCP lease', '**Fix:** Lease raised to a day'])
      assert.ok(body.includes(part), `the draft lacks "${part}":\n${body}`);
    assert.equal(await editor.getByLabel(/^Tickets it solved/).inputValue(), created.id);
    await screenshot(page, 'kb-article-from-resolution');
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/kb\/KB-\d+$/);
    const kb = page.url().split('/').pop();
    await page.getByRole('link', { name: created.id }).click();
    await panel.getByRole('link', { name: 'VPN drops every hour' }).waitFor();
    assert.equal(await panel.getByRole('link', { name: 'Write the article' }).count(), 1);

    await desk003.api('t1-sam', 'POST', `/api/v1/articles/${kb}/submit`, {});
    await desk003.api('eng-priya', 'POST', `/api/v1/articles/${kb}/publish`, {});
    await page.reload();
    await panel.getByText('Done: Task for').waitFor();
    assert.equal(await panel.getByRole('link', { name: 'Write the article' }).count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

