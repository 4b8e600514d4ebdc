// The steps of a ticket's life past the plain ladder, by clicks in Chromium: seed 004's NOC gate
// (the IT manager's decision and the client's approval in the portal, each declined once and
// then given), the NOC's work on the ticket (priority with a reason, workaround, waiting for the
// client and the client's answer, resolution with the procedure's fields, quality control
// failed then passed) and the client's sign-off; seed 001's hierarchical escalation. The desk
// sets up what comes before each step over the API; every step a test is about is clicked, then
// checked on the ticket as the API gives it and on the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { actionDone, form, root, signIn, startBrowser, startDesk } from './harness.mjs';
import { contractProblems } from './contract.mjs';

let browser;

before(async () => {
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
});

const types = (ticket) => ticket.timeline.map((e) => e.type);
const last = (ticket, type) => ticket.timeline.findLast((e) => e.type === type);

// The ticket's badges (priority, tier, stage) on the staff page and the portal.
function badge(page, text) {
  return page.locator('p.row .badge').getByText(text, { exact: true });
}

// The toolbar's button for an action.
function actionButton(page, name) {
  return page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name, exact: true });
}

// A command the core refuses, tried without writing anything (`dry_run`): its status and error.
async function dryRun(desk, actor, ref, command, body) {
  const r = await fetch(`${desk.url}/api/v1/tickets/${ref}/${command}?dry_run=true`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${desk.token(actor)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await r.json();
  assert.deepEqual(contractProblems('POST', `/api/v1/tickets/${ref}/${command}`, r.status, answer), []);
  return { status: r.status, ...answer };
}

describe('seed 004: the NOC gate, the NOC at work, quality control and sign-off, by clicks', () => {
  let desk;

  before(async () => {
    desk = await startDesk({
      procedure: join(root, 'procedures/004-service-request-escalation.toml'),
      logins: ['onsite-beth', 'itm-sarah', 'noc-raj', 'qc-tom', 'client:C-1001'],
    });
  });

  after(async () => {
    await desk?.stop();
  });

  const ticket = (ref) => desk.api('t1-maria', 'GET', `/api/v1/tickets/${ref}`);

  // A request registered at Tier 1 and handed up the ladder (no tier names `handoff_to`: each
  // hands to the next) to Onsite Support, the last tier before the gated NOC.
  async function atOnsite(title) {
    const t = await desk.api('t1-maria', 'POST', '/api/v1/tickets', { title, client_id: 'C-1001', caller_email: 'ganesh@client.example' });
    await desk.api('t1-maria', 'POST', `/api/v1/tickets/${t.id}/handoff`, { to: 'tier2', criterion: 'needs_deeper_knowledge', tried: 'Restarted the VPN client' });
    await desk.api('t2-omar', 'POST', `/api/v1/tickets/${t.id}/handoff`, { to: 'tier3', criterion: 'needs_deeper_knowledge', tried: 'Checked the tunnel logs' });
    await desk.api('t3-li', 'POST', `/api/v1/tickets/${t.id}/handoff`, { to: 'onsite', criterion: 'onsite_required', tried: 'Remote checks clean' });
    assert.equal((await ticket(t.id)).tier, 'onsite');
    return t.id;
  }

  it('onsite hands off to the NOC; the IT manager declines (a reason is required), then approves; the client declines, then approves in the portal', async () => {
    const ref = await atOnsite('Branch VPN drops every hour');

    // Onsite Support hands off: the form offers the next tier of the ladder, the NOC.
    const beth = await signIn(browser, desk, 'onsite-beth');
    await beth.goto(`${desk.url}/tickets/${ref}`);
    await actionButton(beth, 'Hand off').click();
    const handoff = form(beth, 'Hand off to the next tier');
    assert.equal(await handoff.getByLabel('To tier').inputValue(), 'noc');
    await handoff.getByLabel('Why (the tier’s hand-off criteria)').selectOption('unresolved_at_tier');
    await handoff.getByLabel('What was tried').fill('Replaced the branch router; the drops continue upstream');
    await handoff.getByRole('button', { name: 'Hand off' }).click();
    await actionDone(beth);
    let t = await ticket(ref);
    assert.equal(t.stage, 'awaiting_decision');
    assert.equal(t.tier, 'onsite', 'the NOC is entered only once the gate opens');
    assert.equal(t.gate_tier, 'noc');
    assert.equal(last(t, 'decision_requested').to, 'it_manager');
    assert.ok(t.clocks.length > 0 && t.clocks.every((c) => c.paused), 'clocks pause while the gate is closed');
    await badge(beth, 'Awaiting IT manager').waitFor();
    // Nobody works a ticket waiting at the gate, and the decision is the IT manager's alone.
    await actionButton(beth, 'Change priority').waitFor();
    for (const name of ['Record decision', 'Hand off', 'Send response', 'Resolve', 'Ask the client']) assert.equal(await actionButton(beth, name).count(), 0, `${name} is not offered`);

    // The IT manager declines without a reason: refused beside the Reason field, nothing written.
    const sarah = await signIn(browser, desk, 'itm-sarah');
    await sarah.goto(`${desk.url}/tickets/${ref}`);
    await actionButton(sarah, 'Record decision').click();
    const decision = form(sarah, 'IT-manager decision: route to Network Operations Center?');
    await decision.getByLabel('Decline').check();
    await decision.getByRole('button', { name: 'Record decision' }).click();
    await decision.locator('.field-error[role="alert"]').filter({ hasText: 'a declined routing needs a reason' }).waitFor();
    assert.equal(await decision.getByLabel('Reason').getAttribute('aria-invalid'), 'true');
    assert.equal((await ticket(ref)).stage, 'awaiting_decision');
    await decision.getByLabel('Reason').fill('The NOC is in a change freeze until Friday; onsite retests first');
    await decision.getByRole('button', { name: 'Record decision' }).click();
    await actionDone(sarah);
    t = await ticket(ref);
    assert.deepEqual([t.stage, t.tier, t.gate_tier], ['open', 'onsite', '']);
    assert.equal(last(t, 'manager_declined').reason, 'The NOC is in a change freeze until Friday; onsite retests first');
    assert.ok(!types(t).includes('approval_requested'), 'the client is not asked after a decline');
    assert.ok(t.clocks.every((c) => !c.paused), 'clocks run again');
    await badge(sarah, 'Open').waitFor();
    assert.equal(await actionButton(sarah, 'Record decision').count(), 0);

    // Onsite asks again; this time the IT manager approves, and the client is asked.
    await desk.api('onsite-beth', 'POST', `/api/v1/tickets/${ref}/handoff`, { to: 'noc', criterion: 'unresolved_at_tier', tried: 'Retested after the freeze: still dropping' });
    await actionButton(sarah, 'Record decision').click(); // the page follows the ticket live
    const again = form(sarah, 'IT-manager decision: route to Network Operations Center?');
    await again.getByLabel('Approve').check();
    await again.getByLabel('Reason').fill('The upstream ISP link is the NOC’s');
    await again.getByRole('button', { name: 'Record decision' }).click();
    await actionDone(sarah);
    t = await ticket(ref);
    assert.deepEqual([t.stage, t.tier, t.gate_tier], ['awaiting_client_approval', 'onsite', 'noc']);
    assert.equal(last(t, 'manager_approved').to, 'noc');
    assert.equal(last(t, 'approval_requested').to, 'client:C-1001');
    await badge(sarah, 'Awaiting client approval').waitFor();

    // The client declines in the portal: the ticket stays with Onsite Support.
    const client = await signIn(browser, desk, 'client:C-1001');
    await client.goto(`${desk.url}/portal/tickets/${ref}`);
    await badge(client, 'Awaiting client approval').waitFor();
    await actionButton(client, 'Approve or decline').click();
    // The client's view of a ticket does not name the gated tier (`gate_tier` is staff-only).
    const ask = form(client, 'Route your request to Network Operations Center?');
    // A decision must be chosen: a bare submit is refused before anything is sent.
    await ask.getByRole('button', { name: 'Send decision' }).click();
    await ask.getByText('Required.').waitFor();
    await ask.getByLabel('Decline').check();
    await ask.getByLabel('Reason').fill('Not during our month-end close, please');
    await ask.getByRole('button', { name: 'Send decision' }).click();
    await actionDone(client, 'Route your request to Network Operations Center?');
    t = await ticket(ref);
    assert.deepEqual([t.stage, t.tier, t.gate_tier], ['open', 'onsite', '']);
    assert.equal(last(t, 'client_declined').reason, 'Not during our month-end close, please');
    await badge(client, 'Open').waitFor();
    assert.equal(await actionButton(client, 'Approve or decline').count(), 0);

    // Asked once more (both steps over the API), the client approves: the NOC has the ticket.
    await desk.api('onsite-beth', 'POST', `/api/v1/tickets/${ref}/handoff`, { to: 'noc', criterion: 'unresolved_at_tier', tried: 'Month-end close is over' });
    await desk.api('itm-sarah', 'POST', `/api/v1/tickets/${ref}/manager_decision`, { approve: true, reason: 'As before' });
    await actionButton(client, 'Approve or decline').click(); // shown live, without a reload
    const approve = form(client, 'Route your request to Network Operations Center?');
    await approve.getByLabel('Approve').check();
    // The live update lands first here (the answer is held until the page shows the approval):
    // the form is retitled or gone by then, and the notice still names what the client sent.
    await client.route('**/client_approval', async (route) => {
      const answer = await route.fetch();
      await client.locator('li[data-type="client_approved"]').waitFor();
      await route.fulfill({ response: answer });
    });
    await approve.getByRole('button', { name: 'Send decision' }).click();
    await actionDone(client, 'Route your request to Network Operations Center?');
    await client.unroute('**/client_approval');
    t = await ticket(ref);
    assert.deepEqual([t.stage, t.tier, t.gate_tier], ['open', 'noc', '']);
    assert.equal(last(t, 'client_approved').to, 'noc');
    assert.ok(t.clocks.some((c) => c.name === 'response' && !c.paused), 'the NOC’s response clock runs');
    await client.locator('li[data-type="client_approved"]').waitFor();
    await beth.reload();
    await badge(beth, 'noc').waitFor();

    for (const page of [beth, sarah, client]) {
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });

  it('the NOC changes the priority, gives a workaround, waits for the client, resolves; QC fails it, then passes it; the client signs off', async () => {
    const ref = await atOnsite('Head office cannot reach the ERP');
    await desk.api('onsite-beth', 'POST', `/api/v1/tickets/${ref}/handoff`, { to: 'noc', criterion: 'unresolved_at_tier', tried: 'Local network is clean' });
    await desk.api('itm-sarah', 'POST', `/api/v1/tickets/${ref}/manager_decision`, { approve: true, reason: 'Carrier problem' });
    await desk.api('client:C-1001', 'POST', `/api/v1/tickets/${ref}/client_approval`, { approve: true });
    const before = await ticket(ref);
    assert.deepEqual([before.tier, before.stage], ['noc', 'open']);

    const raj = await signIn(browser, desk, 'noc-raj');
    await raj.goto(`${desk.url}/tickets/${ref}`);
    await badge(raj, 'noc').waitFor();
    // Seed 004 has no hierarchical track: escalating is not offered, as the core would refuse it.
    await actionButton(raj, 'Resolve').waitFor();
    assert.equal(await actionButton(raj, 'Escalate').count(), 0);
    const escalate = await dryRun(desk, 'noc-raj', ref, 'escalate', { reason: 'x' });
    assert.equal(escalate.status, 409);
    assert.match(escalate.error.message, /no higher level/);

    // Priority, with the reason the requester is told.
    await actionButton(raj, 'Change priority').click();
    const priority = form(raj, 'Change the priority');
    await priority.getByLabel('New priority').selectOption('critical');
    await priority.getByRole('button', { name: 'Change priority' }).click();
    await priority.getByText('Required.').waitFor(); // no reason, nothing sent
    assert.equal((await ticket(ref)).priority, before.priority);
    await priority.getByLabel('Reason (the requester is told)').fill('Every branch is cut off from the ERP');
    await priority.getByRole('button', { name: 'Change priority' }).click();
    await actionDone(raj);
    let t = await ticket(ref);
    assert.equal(t.priority, 'critical');
    assert.deepEqual((({ from, to, reason }) => ({ from, to, reason }))(last(t, 'priority_changed')), { from: before.priority, to: 'critical', reason: 'Every branch is cut off from the ERP' });
    await badge(raj, 'critical').waitFor();

    // A workaround, shown to the client with its words.
    await actionButton(raj, 'Give workaround').click();
    const workaround = form(raj, 'Give a workaround');
    await workaround.getByLabel('Workaround').fill('Connect through the LTE backup router until the carrier fixes the line');
    await workaround.getByRole('button', { name: 'Give workaround' }).click();
    await actionDone(raj);
    t = await ticket(ref);
    assert.equal(t.workaround, 'Connect through the LTE backup router until the carrier fixes the line');
    assert.equal(last(t, 'workaround_given').workaround, t.workaround);
    // In the conversation with the client (the full history, folded, has it too).
    await raj.locator('li[data-type="workaround_given"]').first().getByText(t.workaround).waitFor();

    // Waiting for the client pauses the clocks until the client answers.
    await actionButton(raj, 'Ask the client').click();
    const pending = form(raj, 'Wait for the client');
    await pending.getByLabel('What the client must answer').fill('Which office saw the last drop, and when?');
    await pending.getByRole('button', { name: 'Ask the client' }).click();
    await actionDone(raj);
    t = await ticket(ref);
    assert.equal(t.stage, 'pending_client');
    assert.equal(last(t, 'pending_client').question, 'Which office saw the last drop, and when?');
    assert.ok(t.clocks.length > 0 && t.clocks.every((c) => c.paused), 'every clock is paused');
    await badge(raj, 'Waiting for client').waitFor();
    assert.equal(await actionButton(raj, 'Resolve').count(), 0, 'nothing is resolved while the client is asked');

    // The client sees the workaround and the question, and answers in the portal.
    const client = await signIn(browser, desk, 'client:C-1001');
    await client.goto(`${desk.url}/portal/tickets/${ref}`);
    await badge(client, 'Waiting for client').waitFor();
    await client.locator('li[data-type="workaround_given"]').getByText('Connect through the LTE backup router until the carrier fixes the line').waitFor();
    await client.locator('li[data-type="pending_client"]').getByText('Which office saw the last drop, and when?').waitFor();
    await client.locator('li[data-type="priority_changed"]').getByText('Every branch is cut off from the ERP').waitFor();
    await actionButton(client, 'Reply').click();
    const reply = form(client, 'Reply');
    await reply.getByLabel('Your reply').fill('Pune office, 10:40 this morning');
    await reply.getByRole('button', { name: 'Send reply' }).click();
    await actionDone(client, 'Reply');
    t = await ticket(ref);
    assert.equal(t.stage, 'open');
    assert.equal(last(t, 'client_replied').text, 'Pune office, 10:40 this morning');
    assert.ok(t.clocks.every((c) => !c.paused), 'the clocks run again');
    await badge(client, 'Open').waitFor();

    // Resolve: the procedure's resolution fields are asked for, each required.
    const resolveBy = async (summary, rootCause, actions) => {
      await actionButton(raj, 'Resolve').click();
      const resolve = form(raj, 'Resolve');
      await resolve.getByLabel('Summary').fill(summary);
      await resolve.getByRole('button', { name: 'Resolve' }).click();
      await resolve.getByText('Required.').waitFor();
      assert.equal(await resolve.getByLabel('Root cause').getAttribute('aria-invalid'), 'true');
      await resolve.getByLabel('Root cause').fill(rootCause);
      await resolve.getByLabel('Actions taken').fill(actions);
      await resolve.getByRole('button', { name: 'Resolve' }).click();
      await actionDone(raj);
    };
    await badge(raj, 'Open').waitFor();
    await resolveBy('Carrier line restored', 'A fault on the carrier', 'Raised it with the carrier');
    t = await ticket(ref);
    assert.equal(t.stage, 'awaiting_qc');
    assert.deepEqual(t.resolution, { summary: 'Carrier line restored', root_cause: 'A fault on the carrier', actions_taken: 'Raised it with the carrier' });
    assert.equal(last(t, 'resolved').summary, 'Carrier line restored');
    assert.ok(types(t).includes('qc_requested'));
    await badge(raj, 'Quality control').waitFor();

    // Quality control fails it: back to the resolver at the NOC, the resolution cleared.
    const tom = await signIn(browser, desk, 'qc-tom');
    await tom.goto(`${desk.url}/tickets/${ref}`);
    await actionButton(tom, 'QC fail').click();
    const fail = form(tom, 'Quality control: fail');
    await fail.getByLabel('What is wrong').fill('The root cause names no circuit and no carrier ticket');
    await fail.getByRole('button', { name: 'QC fail' }).click();
    await actionDone(tom);
    t = await ticket(ref);
    assert.deepEqual([t.stage, t.tier, t.assignee], ['open', 'noc', 'noc-raj']);
    assert.deepEqual(t.resolution, {});
    assert.deepEqual((({ to, reason }) => ({ to, reason }))(last(t, 'qc_failed')), { to: 'noc-raj', reason: 'The root cause names no circuit and no carrier ticket' });
    await badge(tom, 'Open').waitFor();
    assert.equal(await actionButton(tom, 'QC pass').count(), 0);

    // Resolved again with the details; quality control passes it and the client is asked to sign off.
    await badge(raj, 'Open').waitFor(); // live
    await resolveBy('Carrier line restored', 'Fibre cut on circuit PUN-4471 (carrier ticket 88213)', 'Carrier spliced the fibre; failover tested');
    assert.equal((await ticket(ref)).stage, 'awaiting_qc');
    await actionButton(tom, 'QC pass').click(); // live
    const pass = form(tom, 'Quality control: pass');
    await pass.getByLabel('Notes').fill('Circuit and carrier ticket recorded');
    await pass.getByRole('button', { name: 'QC pass' }).click();
    await actionDone(tom);
    t = await ticket(ref);
    assert.equal(t.stage, 'awaiting_signoff');
    assert.equal(last(t, 'qc_passed').notes, 'Circuit and carrier ticket recorded');
    assert.ok(types(t).includes('signoff_requested'));
    await badge(tom, 'Awaiting sign-off').waitFor();

    // The client reads the resolution in the portal and signs off: closed.
    await badge(client, 'Awaiting sign-off').waitFor();
    const resolution = client.getByRole('region', { name: 'Resolution' });
    await resolution.getByRole('term').filter({ hasText: 'Root cause' }).waitFor();
    await resolution.getByRole('definition').filter({ hasText: 'Fibre cut on circuit PUN-4471 (carrier ticket 88213)' }).waitFor();
    await actionButton(client, 'Sign off').click();
    const signOff = form(client, 'Sign off: the problem is solved');
    await signOff.getByLabel('Comment (optional)').fill('All offices are back on the ERP');
    await signOff.getByRole('button', { name: 'Sign off' }).click();
    await actionDone(client, 'Sign off: the problem is solved');
    t = await ticket(ref);
    assert.equal(t.stage, 'closed');
    assert.equal(last(t, 'signed_off').comment, 'All offices are back on the ERP');
    assert.ok(types(t).includes('closed'));
    await badge(client, 'Closed').waitFor();
    await actionButton(client, 'Reopen').waitFor();
    assert.equal(await actionButton(client, 'Sign off').count(), 0);

    for (const page of [raj, tom, client]) {
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });
});

describe('seed 001: the hierarchical track, by clicks', () => {
  let desk;

  before(async () => {
    desk = await startDesk({ procedure: join(root, 'procedures/001-customer-support.toml'), logins: ['cs-asha'] });
  });

  after(async () => {
    await desk?.stop();
  });

  it('an engineer escalates to the senior engineers, then to the IT head, and then no further', async () => {
    const t = await desk.api('cs-asha', 'POST', '/api/v1/tickets', { title: 'Exam results page is blank', client_id: 'C-1001', caller_phone: '3080' });
    const asha = await signIn(browser, desk, 'cs-asha');
    await asha.goto(`${desk.url}/tickets/${t.id}`);
    const escalateWith = async (reason) => {
      await actionButton(asha, 'Escalate').click();
      const f = form(asha, 'Escalate (hierarchical track)');
      await f.getByLabel('Reason').fill(reason);
      await f.getByRole('button', { name: 'Escalate' }).click();
      await actionDone(asha);
      return desk.api('cs-asha', 'GET', `/api/v1/tickets/${t.id}`);
    };
    let after = await escalateWith('Results go out at noon');
    assert.equal(after.hierarchy_level, 1);
    assert.deepEqual((({ to, reason }) => ({ to, reason }))(last(after, 'escalated')), { to: 'senior_engineer', reason: 'Results go out at noon' });
    await asha.getByText('Full history').click();
    // The client is told of an escalation: it is part of the conversation with them.
    const conversation = asha.locator('section', { has: asha.getByRole('heading', { name: 'Conversation with the client' }) });
    await conversation.locator('li[data-type="escalated"]').getByText('Asha Verma escalated to senior engineer').waitFor();

    after = await escalateWith('Still blank at 11:30; the Registrar is asking');
    assert.equal(after.hierarchy_level, 2);
    assert.equal(last(after, 'escalated').to, 'it_head');
    await conversation.locator('li[data-type="escalated"]').getByText('Asha Verma escalated to it head').waitFor();
    // The IT head is the last level: the button goes, as the core refuses one more.
    await actionButton(asha, 'Resolve').waitFor();
    assert.equal(await actionButton(asha, 'Escalate').count(), 0);
    assert.equal((await dryRun(desk, 'cs-asha', t.id, 'escalate', { reason: 'x' })).status, 409);
    assert.deepEqual(asha.problems, []);
    await asha.context().close();
  });
});
