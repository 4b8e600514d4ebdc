// Level 1's front desk in Chromium (seed 001): a phone call registered with the keyboard alone,
// the procedure's required fields asked for one by one; a walk-in whose client is added on the
// spot; (seed 000) the L2 chain called up, "no answer" paging the secondary at once, and Server
// Support consulted without a hand-off, answering from its own queue.
// Screenshots of each new page at desktop and phone widths.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { actionDone, axeProblems, form, phone, root, screenshot, signIn, startBrowser, startDesk } from './harness.mjs';

let browser;
let desk;

before(async () => {
  browser = await startBrowser();
  desk = await startDesk({
    procedure: join(root, 'procedures/001-customer-support.toml'),
    logins: ['cs-asha', 'client:C-1001'],
  });
});

after(async () => {
  await desk?.stop();
  await browser?.close();
});

const ticket = (ref) => desk.api('cs-asha', 'GET', `/api/v1/tickets/${ref}`);

// Nothing wider than the screen: a phone scrolls down, never sideways.
async function assertFits(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} is ${overflow}px wider than the screen`);
}

// The field that holds the keyboard's focus, by its id.
const focused = (page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('seed 001: Level 1 takes a call and a walk-in at the desk', () => {
  it('registers a phone call with the keyboard alone, asked for each field the procedure requires of a call', async () => {
    const page = await signIn(browser, desk, 'cs-asha');
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New request' }).waitFor();
    // The channel is first, a phone call unless the agent moves it.
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'channel');
    assert.equal(await page.getByLabel('Phone call').isChecked(), true);
    // The client, found as the agent types their name.
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'client-search');
    await page.keyboard.type('ganesh');
    await page.getByRole('option', { name: /Ganesh Raman/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('picked-client').getByText('Ganesh Raman').waitFor();
    // Their name fills the caller and the requester; the call still needs a phone number.
    assert.equal(await page.getByLabel("Caller's name (required)").inputValue(), 'Ganesh Raman');
    await page.waitForFunction(() => document.activeElement?.id === 'intake-caller_phone');
    await page.keyboard.type('+91 98450 12345');
    // Sent too early: each missing required field is named, and the cursor is taken to it.
    await page.keyboard.press('Control+Enter');
    await page.getByText('Required for a request by phone call.').waitFor();
    assert.equal(await focused(page), 'intake-description');
    await page.keyboard.type('The ERP will not let the accounts office post invoices since 9:00.');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'intake-module');
    await page.keyboard.type('ERP');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), 'intake-title');
    await page.keyboard.type('Invoices cannot be posted');
    await screenshot(page, 'frontdesk-new-request-phone-call');
    assert.deepEqual(await axeProblems(page), []);
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/tickets\/TD-\d+$/);
    const ref = page.url().split('/').pop();
    const t = await ticket(ref);
    assert.equal(t.registration.channel, 'phone');
    assert.equal(t.registration.client_id, 'C-1001');
    assert.equal(t.registration.caller_name, 'Ganesh Raman');
    assert.equal(t.registration.caller_phone, '+91 98450 12345');
    assert.equal(t.registration.requester_email, 'ganesh@client.example');
    assert.equal(t.registration.module, 'ERP');
    // "ERP" names the University ERP service: the request is routed by it.
    assert.equal(t.registration.assets.service, 'erp');
    assert.ok(t.registration.occurred_at, 'the time of the call is recorded');
    await page.getByRole('heading', { name: new RegExp('Invoices cannot be posted') }).waitFor();
    // Called back: the ERP database has stopped. One factor changed, the core raises the
    // priority by seed 001's rule and tells the requester.
    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Change factors' }).click();
    const factors = form(page, 'Priority factors');
    await factors.getByLabel('A server or database is down').check();
    await factors.getByLabel(/What was learnt/).fill('The ERP database has stopped');
    await factors.getByRole('button', { name: 'Re-evaluate priority' }).click();
    await actionDone(page);
    const raised = await ticket(ref);
    assert.equal(raised.priority, 'critical');
    assert.equal(raised.priority_factors.service_down, true);
    assert.match(raised.timeline.findLast((e) => e.type === 'priority_changed').reason, /raised: service_down.*The ERP database has stopped/);
    await page.getByLabel('Priority factors').getByText('yes').waitFor();
    await screenshot(page, 'frontdesk-priority-factors-1280');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('adds a walk-in client on the spot and registers their request, on a phone-sized screen', async () => {
    const page = await signIn(browser, desk, 'cs-asha', phone);
    await page.goto(desk.url + '/new');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'channel');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByLabel('Walk-in').isChecked(), true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Priya Nair');
    // Nobody by that name: the one option is to add her.
    const add = page.getByRole('option', { name: /Add a new client “Priya Nair”/ });
    await add.waitFor();
    assert.equal(await page.getByRole('listbox').getByRole('option').count(), 1);
    await screenshot(page, 'frontdesk-new-request-add-client-phone');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel('Client’s name (required)').inputValue(), 'Priya Nair');
    await page.waitForFunction(() => document.activeElement?.id === 'client-new-phone');
    await page.keyboard.type('98860 11223');
    await page.keyboard.press('Enter');
    await page.getByTestId('picked-client').getByText('Priya Nair').waitFor();
    const [client] = (await desk.api('cs-asha', 'GET', '/api/v1/clients?q=priya')).clients;
    assert.match(client.id, /^U-[2-9A-HJ-NP-Z]{8}$/);
    assert.equal(client.phone, '98860 11223');
    // Her number came with her: the call's required fields left are the module and description.
    assert.equal(await page.getByLabel("Caller's phone (required)").inputValue(), '98860 11223');
    await page.getByLabel('Module or resource (required)').fill('Campus LAN');
    await page.getByLabel('Description (required)').fill('No network in room 204 since the morning.');
    await page.getByLabel('Room', { exact: true }).fill('204');
    await screenshot(page, 'frontdesk-new-request-walk-in-phone');
    await assertFits(page, 'the new request at 390');
    await page.getByRole('button', { name: 'Register request' }).click();
    await page.waitForURL(/\/tickets\/TD-\d+$/);
    const t = await ticket(page.url().split('/').pop());
    assert.equal(t.registration.channel, 'walk_in');
    assert.equal(t.registration.client_id, client.id);
    assert.equal(t.registration.room, '204');
    assert.equal(t.registration.assets.service, 'lan');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('seed 000: Level 1 calls up the L2 chain', () => {
  let desk000;

  before(async () => {
    desk000 = await startDesk({ logins: ['psc-anil', 'ssc-ravi'] });
  });

  after(async () => {
    await desk000?.stop();
  });

  it('"no answer" on a call to the primary pages the secondary at once; the ticket page says whom to call on which number', async () => {
    const t = await desk000.api('psc-anil', 'POST', '/api/v1/tickets', {
      title: 'Shop checkout returns 500', client_id: 'C-1001', caller_email: 'ganesh@client.example', channel: 'phone', assets: { server: 'web-01', product: 'shop' },
    });
    await desk000.api('psc-anil', 'POST', `/api/v1/tickets/${t.id}/handoff`, { to: 'L2', criterion: 'needs_deeper_knowledge', tried: 'Reproduced the 500' });
    for (const [viewport, width] of [[undefined, 1280], [phone, 390]]) {
      const page = await signIn(browser, desk000, 'psc-anil', viewport);
      await page.goto(`${desk000.url}/tickets/${t.id}`);
      const now = page.getByRole('status').filter({ hasText: 'Page with' });
      await now.getByText('Page with Ravi Shankar').waitFor();
      await now.getByRole('link', { name: '+91 44 4000 2001' }).waitFor();
      assert.match(await now.innerText(), /left to acknowledge/);
      await screenshot(page, `frontdesk-paging-${width}`);
      await assertFits(page, `the ticket page at ${width}`);
      await page.context().close();
    }
    const page = await signIn(browser, desk000, 'psc-anil');
    await page.goto(`${desk000.url}/tickets/${t.id}`);
    // The hand-off packet on top: what Level 1 tried, for the L2 engineer to start from.
    const packet = page.getByRole('region', { name: 'Hand-off packet' });
    await packet.getByText('Reproduced the 500').waitFor();
    await packet.getByText(/L1 → L2 · Needs deeper knowledge · Anil Kumar/).waitFor();
    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Record call' }).click();
    const call = form(page, 'Record a call to Ravi Shankar');
    await call.getByLabel('No answer').check();
    await call.getByLabel('Note (what was said, which number)').fill('Rang out twice on his desk phone');
    await call.getByRole('button', { name: 'Record call' }).click();
    await actionDone(page);
    const after = await desk000.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`);
    assert.equal(after.page.person, 'ssc-meena');
    const called = after.timeline.findLast((e) => e.type === 'called');
    assert.deepEqual([called.to, called.outcome, called.note], ['ssc-ravi', 'no_answer', 'Rang out twice on his desk phone']);
    await page.getByRole('status').filter({ hasText: 'Page with Meena Pillai' }).waitFor();
    await page.getByRole('cell', { name: /no answer on a call; the next was paged/ }).waitFor();
    await screenshot(page, 'frontdesk-call-no-answer-1280');
    assert.deepEqual(await axeProblems(page), []);
    // The client never sees whom the desk called.
    const client = await desk000.api('client:C-1001', 'GET', `/api/v1/tickets/${t.id}`);
    assert.ok(!client.timeline.some((e) => e.type === 'called' || e.type === 'paged'));
    // Nor what Level 1 tried: that is for the next tier.
    const handed = client.timeline.find((e) => e.type === 'handed_off');
    assert.ok(handed && !('tried' in handed), 'the client sees the hand-off, not what was tried');
    assert.equal(client.handoffs, undefined);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('Level 1 asks Server Support without handing off; the team answers from its own queue and the answer is in the packet', async () => {
    const t = await desk000.api('psc-anil', 'POST', '/api/v1/tickets', {
      title: 'Invoices page slow', client_id: 'C-1001', caller_email: 'ganesh@client.example', channel: 'phone', assets: { server: 'web-01' },
    });
    const page = await signIn(browser, desk000, 'psc-anil');
    await page.goto(`${desk000.url}/tickets/${t.id}`);
    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Consult', exact: true }).click();
    const ask = form(page, 'Ask another team');
    await ask.getByLabel('Team (required)').selectOption('server-support');
    await ask.getByLabel('Question (required)').fill('Is web-01 swapping since the 09:00 deploy?');
    await ask.getByRole('button', { name: 'Consult', exact: true }).click();
    await actionDone(page);
    // The ticket stays with Level 1; the packet says whom the team's chain asks, on which number.
    const packet = page.getByRole('region', { name: 'Hand-off packet' });
    const consults = packet.getByRole('list', { name: 'Consults' });
    await consults.getByText('Is web-01 swapping since the 09:00 deploy?').waitFor();
    await consults.getByText(/Waiting for an answer: asking Ravi Shankar/).waitFor();
    await consults.getByRole('link', { name: '+91 44 4000 2001' }).waitFor();
    const asked = await desk000.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`);
    assert.equal(asked.tier, 'L1');
    assert.deepEqual(asked.consulting, ['server-support']);
    assert.ok(asked.clocks.some((c) => c.name === 'consult:server-support'));
    // The team's engineer finds it in the team's queue and answers in the ticket.
    for (const [viewport, width] of [[phone, 390], [undefined, 1280]]) {
      const ravi = await signIn(browser, desk000, 'ssc-ravi', viewport);
      await ravi.goto(`${desk000.url}/queue?view=${encodeURIComponent('consult:server-support')}`);
      const row = ravi.locator(`tr[data-ticket="${t.id}"]`);
      await row.getByText('asking Server Support Center').waitFor();
      await screenshot(ravi, `frontdesk-consult-queue-${width}`);
      await assertFits(ravi, `the consult queue at ${width}`);
      if (width === 1280) {
        await row.getByRole('link', { name: t.id }).click();
        await ravi.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Answer consult' }).click();
        const answer = form(ravi, 'Answer the consult');
        await answer.getByLabel('Answer (required)').fill('Yes: the deploy doubled the worker count. Rolled back to 8 workers.');
        await answer.getByRole('button', { name: 'Answer consult' }).click();
        await actionDone(ravi);
        assert.deepEqual(await axeProblems(ravi), []);
      }
      assert.deepEqual(ravi.problems, []);
      await ravi.context().close();
    }
    // Level 1 reads the answer where it reads everything else handed to it.
    await page.reload();
    await consults.getByText('Yes: the deploy doubled the worker count. Rolled back to 8 workers.').waitFor();
    await consults.getByText('Ravi Shankar:').waitFor();
    await screenshot(page, 'frontdesk-consult-answered-1280');
    const answered = await desk000.api('psc-anil', 'GET', `/api/v1/tickets/${t.id}`);
    assert.deepEqual(answered.consulting, []);
    assert.equal(answered.consults[0].answered_by, 'ssc-ravi');
    assert.ok(answered.timeline.some((e) => e.type === 'clock_met' && e.clock === 'consult:server-support'));
    // The client sees none of it.
    const client = await desk000.api('client:C-1001', 'GET', `/api/v1/tickets/${t.id}`);
    assert.ok(!client.timeline.some((e) => e.type.startsWith('consult_')));
    assert.equal(client.consults, undefined);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('seed 002: Level 1 troubleshoots with the procedure’s questionnaires', () => {
  let desk002;

  before(async () => {
    desk002 = await startDesk({ procedure: join(root, 'procedures/002-application-maintenance.toml'), logins: ['l1-ola', 'client:C-1001'] });
  });

  after(async () => {
    await desk002?.stop();
  });

  it('walks a questionnaire on a call to a known fix, and Level 1 resolves with it', async () => {
    const page = await signIn(browser, desk002, 'l1-ola');
    await page.goto(desk002.url + '/new');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'channel');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ganesh');
    await page.getByRole('option', { name: /Ganesh Raman/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('picked-client').getByText('Ganesh Raman').waitFor();
    await page.getByLabel('Questionnaire', { exact: true }).selectOption({ label: 'Username or password problem' });
    // The core gives the first question; arrows pick an answer and Enter goes on.
    const asked = (text) => page.getByRole('group', { name: text });
    await asked('What happens when you sign in?').waitFor();
    await page.getByLabel('My account is locked').focus();
    await page.getByLabel('My account is locked').check();
    await page.keyboard.press('Enter');
    await asked('Has it been locked for more than 15 minutes?').getByLabel('Yes').check();
    await page.keyboard.press('Enter');
    await page.getByText('All questions answered.').waitFor();
    await page.getByText(/Known fix:.*unlocks the account/).waitFor();
    await page.getByText('The answers set: urgency high.').waitFor();
    // An earlier answer changed: the path after it is asked again.
    await page.getByRole('button', { name: 'Change the answer to: Has it been locked for more than 15 minutes?' }).click();
    await asked('Has it been locked for more than 15 minutes?').getByLabel('Yes').check();
    await page.keyboard.press('Enter');
    await page.getByText('All questions answered.').waitFor();
    await page.getByLabel('Title').fill('Locked out of the application');
    await screenshot(page, 'frontdesk-questionnaire-1280');
    assert.deepEqual(await axeProblems(page), []);
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/tickets\/TD-\d+$/);
    const ref = page.url().split('/').pop();
    const t = await desk002.api('l1-ola', 'GET', `/api/v1/tickets/${ref}`);
    assert.equal(t.questionnaires.length, 1);
    assert.deepEqual(t.questionnaires[0].answers.map((a) => a.value), ['locked', 'yes']);
    assert.equal(t.questionnaires[0].version, 1);
    assert.equal(t.priority_factors.urgency, 'high');
    // The answers are on the ticket page; the resolve form starts from the known fix.
    await page.getByRole('region', { name: 'Answers to Username or password problem' }).waitFor();
    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Resolve' }).click();
    const resolve = form(page, 'Resolve');
    assert.match(await resolve.getByLabel('Summary').inputValue(), /unlocks the account/);
    await resolve.getByLabel('Root cause').fill('Five wrong passwords locked the account');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await actionDone(page);
    const resolved = await desk002.api('l1-ola', 'GET', `/api/v1/tickets/${ref}`);
    assert.equal(resolved.stage, 'awaiting_signoff');
    assert.equal(resolved.resolution.root_cause, 'Five wrong passwords locked the account');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('walks one with a caller on a mailed request; answers that route hand it to Level 2 with them as what was tried', async () => {
    const t = await desk002.api('client:C-1001', 'POST', '/api/v1/tickets', { title: 'Installer fails', description: 'It stops halfway', channel: 'email' });
    const page = await signIn(browser, desk002, 'l1-ola');
    await page.goto(`${desk002.url}/tickets/${t.id}`);
    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Questionnaire' }).click();
    const walk = form(page, 'Walk a questionnaire');
    await walk.getByLabel('Questionnaire', { exact: true }).selectOption({ label: 'Installation or setup' });
    const asked = (text) => walk.getByRole('group', { name: text });
    await asked('Where does it go wrong?').getByLabel('The installer stops with an error').check();
    await page.keyboard.press('Enter');
    await asked('What does the error message say, word for word?').getByRole('textbox').fill('Error 1603: fatal error during installation');
    await walk.getByRole('button', { name: 'Next question' }).click();
    await asked('Was the installer started with administrator rights?').getByLabel('Yes').check();
    await page.keyboard.press('Enter');
    await walk.getByText('The answers set: goes to L2.').waitFor();
    await screenshot(page, 'frontdesk-ticket-questionnaire-1280');
    assert.deepEqual(await axeProblems(page), []);
    await walk.getByRole('button', { name: 'Save answers' }).click();
    await page.getByRole('status').filter({ hasText: 'The answers are kept with the ticket.' }).waitFor();
    const after = await desk002.api('l1-ola', 'GET', `/api/v1/tickets/${t.id}`);
    assert.equal(after.tier, 'L2');
    assert.match(after.handoffs[0].tried, /Error 1603/);
    await page.getByRole('region', { name: 'Hand-off packet' }).getByText(/Error 1603/).first().waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('a client walks one in the portal before sending; the answers route a defect to Level 2', async () => {
    for (const [viewport, width] of [[undefined, 1280], [phone, 390]]) {
      const page = await signIn(browser, desk002, 'client:C-1001', viewport);
      await page.goto(desk002.url + '/portal/new');
      const which = page.getByLabel('Questionnaire', { exact: true });
      await which.waitFor();
      // Only those for clients are offered.
      const offered = await which.locator('option').allInnerTexts();
      assert.deepEqual(offered, ['None', 'Username or password problem', 'Cannot find a menu or page', 'Installation or setup']);
      await which.selectOption({ label: 'Username or password problem' });
      await page.getByLabel('I have forgotten my password').check();
      await page.keyboard.press('Enter');
      // A fix to try now; the desk's triage of the answers is not shown to the client.
      await page.getByText(/Try this first:.*Forgot password/).waitFor();
      await page.getByText('If this solves it, you need not send the request.').waitFor();
      assert.equal(await page.getByText('The answers set').count(), 0);
      await which.selectOption({ label: 'Cannot find a menu or page' });
      await page.getByRole('group', { name: 'Which page or function are you looking for?' }).getByRole('textbox').fill('Invoices > Export');
      await page.getByRole('button', { name: 'Next question' }).click();
      // Each answer picked in its own question: the form's "first time?" has a Yes too.
      const asked = (text) => page.getByRole('group', { name: text });
      await asked('Could you see it before?').getByLabel('Yes').check();
      await page.keyboard.press('Enter');
      await asked('Did it disappear after the last application update?').getByLabel('Yes').check();
      await page.keyboard.press('Enter');
      await page.getByText('All questions answered.').waitFor();
      await screenshot(page, `portal-questionnaire-${width}`);
      await assertFits(page, `the portal's new request at ${width}`);
      assert.deepEqual(await axeProblems(page), []);
      await page.getByLabel('What is wrong, in a line (required)').fill('Export menu gone');
      await page.getByLabel('Description (required)').fill('The Export entry is missing from Invoices since the update.');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.waitForURL(/\/portal\/tickets\/TD-\d+$/);
      const ref = page.url().split('/').pop();
      const t = await desk002.api('l1-ola', 'GET', `/api/v1/tickets/${ref}`);
      assert.equal(t.tier, 'L2');
      assert.equal(t.category, 'defect');
      assert.deepEqual(t.questionnaires[0].answers.map((a) => a.question), ['module', 'visible_before', 'after_update']);
      await page.getByRole('region', { name: 'Answers to Cannot find a menu or page' }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });
});
