// Starts a real tierdesk (init, accounts, clients, `serve` with the built pages) and a real
// headless Chromium (Debian's, driven by playwright-core) for the end-to-end tests.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { contractProblems, watchContract } from './contract.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
const bin = process.env.TIERDESK_BIN ?? join(root, 'build/src/main/tierdesk');
const webRoot = process.env.TIERDESK_WEB_ROOT ?? join(root, 'web/dist');
export const password = 'e2e-password';

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function run(args, input) {
  return execFileSync(bin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// TIERDESK_E2E_NODES=2: the desk on a PostgreSQL 15 of its own (initdb'd and started here on a
// free loopback port, as the postgres user when run as root) with two `serve` nodes: the
// browsers use one, the tests' own API calls the other, so every live update a page waits for
// crosses from one node to the other.
const twoNodes = process.env.TIERDESK_E2E_NODES === '2';
const pgBin = process.env.TIERDESK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'tierdesk-e2e-pg-'));
  const as = {};
  if (process.getuid() === 0) {
    as.uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    as.gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, as.uid, as.gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const tool = (name, args) => execFileSync(join(pgBin, name), args, { ...as, stdio: ['ignore', 'pipe', 'pipe'] });
  tool('initdb', ['-D', data, '-U', 'tierdesk', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  tool('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, 'start']);
  return {
    url: `postgresql://tierdesk@127.0.0.1:${port}/postgres`,
    stop() {
      tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A desk on a procedure (seed 000's unless told) with a password for each login and two clients.
export async function startDesk({
  procedure = join(root, 'procedures/000-three-level-support.toml'),
  logins = ['psc-anil', 'psc-lead', 'ssc-ravi', 'ssc-meena', 'ssc-lead', 'dsc-arjun', 'client:C-1001', 'client:C-2040'],
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tierdesk-e2e-'));
  const postgres = twoNodes ? await startPostgres() : null;
  const db = postgres ? postgres.url : join(dir, 'desk.db');
  // The desk serves its own copy: an admin may replace it over the API.
  const served = join(dir, 'procedure.toml');
  copyFileSync(procedure, served);
  // Holiday files (`holidays_ical`, seed 001) are named relative to the procedure file.
  const holidays = join(dirname(procedure), 'holidays');
  if (existsSync(holidays)) cpSync(holidays, join(dir, 'holidays'), { recursive: true });
  run(['init', '--db', db, '--procedure', served]);
  run(['client', 'add', '--db', db, '--id', 'C-1001', '--name', 'Ganesh Raman', '--email', 'ganesh@client.example', '--organisation', 'Client Co']);
  run(['client', 'add', '--db', db, '--id', 'C-2040', '--name', 'Fatima Khan', '--email', 'fatima@client.example', '--organisation', 'Other Co']);
  for (const login of logins) run(['account', 'set-password', '--db', db, '--login', login], password + '\n');
  let log = '';
  // `tierdesk serve` on `port`, answering /readyz.
  async function serve(port) {
    const process = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    process.stderr.on('data', (d) => (log = (log + d).slice(-20000)));
    let stopping = false;
    const exited = new Promise((ok) => process.on('exit', ok));
    // A server that dies under a test is the finding, not the tests that fail after it: say how
    // it ended, with what it wrote last.
    process.on('exit', (code, signal) => {
      if (!stopping) console.error(`tierdesk serve on port ${port} ended (code ${code}, signal ${signal}):\n${log}`);
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
      } catch {
        // not yet listening
      }
      if (i > 200 || process.exitCode !== null) throw new Error(`tierdesk serve did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      async stop() {
        stopping = true;
        process.kill('SIGTERM');
        await exited;
      },
    };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server = await serve(port);
  // The second node, for the tests' own calls (two nodes only).
  const apiPort = twoNodes ? await freePort() : null;
  const apiServer = twoNodes ? await serve(apiPort) : null;
  const tokens = new Map();
  return {
    url,
    apiUrl: twoNodes ? `http://127.0.0.1:${apiPort}` : null,
    db,
    procedure: served,
    log: () => log,
    // An API token acting as `actor`, for setting up what a test needs.
    token(actor) {
      if (!tokens.has(actor)) tokens.set(actor, run(['token', 'create', '--db', db, '--actor', actor, '--label', 'e2e']).split('\n')[0].trim());
      return tokens.get(actor);
    },
    async api(actor, method, path, body) {
      const r = await fetch((this.apiUrl ?? this.url) + path, {
        method,
        headers: { Authorization: `Bearer ${this.token(actor)}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      const answer = text ? JSON.parse(text) : undefined;
      const problems = answer === undefined ? [] : contractProblems(method, path, r.status, answer);
      if (problems.length) throw new Error(`the answer is not as the API document says: ${problems.join('\n')}`);
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
      return answer;
    },
    // Stops the server, runs `meanwhile` against another server on the same database (at
    // another address, so browsers open on this one stay cut off), then serves here again.
    async outage(meanwhile) {
      await server.stop();
      const otherPort = await freePort();
      const other = await serve(otherPort);
      const saved = this.url;
      this.url = `http://127.0.0.1:${otherPort}`;
      try {
        await meanwhile();
      } finally {
        this.url = saved;
        await other.stop();
        server = await serve(port);
      }
    },
    async stop() {
      await server.stop();
      if (apiServer) await apiServer.stop();
      if (postgres) postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', // the tests run as root in CI
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const desktop = { width: 1280, height: 860 };
export const phone = { width: 390, height: 844 };

// Everyone in these tests reads the desk from Berlin, away from every seed's zone: the pages
// must say whose time they show.
export const viewerZone = 'Europe/Berlin';

// `rfc3339` as the pages show it to that viewer: "2026-01-05 04:32 UTC+1". Worked out here
// from the instant, not by the pages' code.
export function viewerTime(rfc3339) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: viewerZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset',
  }).formatToParts(new Date(rfc3339)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName.replace(/^GMT/, 'UTC')}`;
}

// A browser context (its own cookies) for one person, signed in through the login form.
export async function signIn(browser, desk, login, viewport = desktop) {
  const context = await browser.newContext({ viewport, timezoneId: viewerZone });
  const page = await context.newPage();
  page.problems = [];
  watchContract(context, page.problems);
  // Script errors and CSP refusals ("Refused to …"); an API's 4xx answer is the page's business.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && page.problems.push(m.text()));
  page.on('pageerror', (e) => page.problems.push(String(e)));
  await page.goto(desk.url + '/');
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

// An action form, by its title (the form is labelled by its heading).
export function form(page, title) {
  return page.getByRole('form', { name: title });
}

// Waits for an action's success notice (`<title>: done.` when the form's title is given, as a
// notice left by an earlier action may still be on the page); a refusal shown instead fails at
// once with its words.
export async function actionDone(page, title) {
  const refusal = page.locator('.error[role="alert"], .field-error[role="alert"]').first();
  const notice = page.getByRole('status').filter({ hasText: title === undefined ? 'done' : `${title}: done.` });
  const why = await Promise.race([notice.waitFor().then(() => ''), refusal.waitFor().then(() => refusal.innerText())]);
  if (why) throw new Error(`the action was refused: ${why}`);
}

const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical violations on the page as it is now. Evaluated through the
// DevTools protocol, so the page's CSP (no inline scripts) stays in force.
export async function axeProblems(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const shots = process.env.TIERDESK_SCREENSHOTS ?? join(root, 'docs/screenshots');
export async function screenshot(page, name) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
