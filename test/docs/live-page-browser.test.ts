// The live page (/__sandbox/) in a real browser (Debian's chromium driven by playwright-core):
// requests and violations made after it opened appear without a reload, what it shows is text
// (never markup), its buttons act, it loads nothing from elsewhere and has no script error; with
// tenants it asks for a token and a tenant's page shows none of another tenant's requests.
// LIVE_PAGE_SCREENSHOT=file.png keeps a picture of the page.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { noBrowser, openBrowser, type Browser } from '../helpers/browser.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const TIMEOUT = 30_000;

describe('the live page in a browser', { skip: noBrowser, timeout: 8 * TIMEOUT }, () => {
  let open: Sandbox;
  let shared: Sandbox;
  let browser: Browser | undefined;
  let context: BrowserContext;
  const elsewhere: string[] = [];
  const errors: string[] = [];

  /** A new tab on a sandbox's live page, watched for script errors and for requests elsewhere. */
  async function livePage(sandbox: Sandbox): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1:')) elsewhere.push(r.url());
    });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${sandbox.url}/__sandbox/`);
    return page;
  }

  const live = (page: Page) => page.locator('#connection', { hasText: 'live' }).waitFor();
  // The traffic the page shows, each answer held to the spec like every other test's.
  const api = async (sandbox: Sandbox, path: string, token = 'any') => {
    const res = await fetch(`${sandbox.url}${path}`, { headers: { 'Api-Token': token, Authorization: `Bearer ${token}` } });
    return assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
  };
  const row = (page: Page, text: string) => page.locator('#requests tr', { has: page.locator('td.path', { hasText: text }) });

  before(async () => {
    open = await startSandbox({ port: 0, logLevel: 'silent' });
    const tenants = [
      { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: ['inbox-support'] },
      { name: 'team-b', tokens: ['tok-b'], workspaces: [2], inboxes: ['inbox-sales'] },
    ];
    shared = await startSandbox({ port: 0, logLevel: 'silent', tenants, adminToken: 'admin-tok' });
    browser = await openBrowser(TIMEOUT, { width: 1280, height: 900 });
    context = browser.context;
  });

  after(async () => {
    await browser?.close();
    await open?.stop();
    await shared?.stop();
  });

  it('shows requests and violations made after it opened, without a reload, as text', async (t: TestContext) => {
    const page = await livePage(open);
    await live(page);
    await page.evaluate(() => ((globalThis as unknown as { opened: number }).opened = 1));

    await api(open, '/v1/threads?workspaceId=3');
    await row(page, '/v1/threads?workspaceId=3').waitFor();
    assert.equal(await row(page, '/v1/threads?workspaceId=3').locator('td.status').innerText(), '200');

    await api(open, '/v1/threads?workspaceId=abc');
    await page.locator('#violations li', { hasText: "query parameter 'workspaceId' must be an integer" }).waitFor();

    // A misspelled parameter (the response's field name): a violation with a suggestion once the
    // server reports unknown parameters; until then the request still shows.
    await api(open, '/v1/threads?workspaceId=2&threadToken=tok-alpha');
    await row(page, 'threadToken=tok-alpha').waitFor();
    const reported = open.services.violations.list().find((v) => JSON.stringify(v).includes('threadToken'));
    if (reported) {
      const item = page.locator('#violations li', { hasText: 'threadToken' });
      await item.waitFor();
      assert.match(await item.locator('.violation-message').innerText(), /threadToken/);
      if (JSON.stringify(reported).includes('thread_token')) assert.match(await item.innerText(), /thread_token/, 'the suggestion is shown');
    } else {
      t.diagnostic('the server does not report unknown query parameters yet: the threadToken violation is not checked');
    }

    // Markup in what a client sent is shown as text, never made into elements.
    await api(open, '/v1/threads?workspaceId=1&note=<img src=x onerror="window.pwned=1">');
    await row(page, '<img src=x').waitFor();
    assert.equal(await page.locator('#requests img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);

    assert.equal(await page.evaluate(() => (globalThis as unknown as { opened?: number }).opened), 1, 'the page was not reloaded');
    await page.close();
  });

  it('shows the faults and the data, and its buttons clear faults and the journal and reset', async () => {
    const page = await livePage(open);
    await live(page);
    await page.locator('#summary', { hasText: 'inbox-support' }).waitFor();
    assert.match(await page.locator('#summary').innerText(), /in memory, from the bundled fixtures/);
    await open.addFault({ operationId: 'listThreads', kind: 'status', status: 500, times: 2 });
    await page.locator('#faults tr', { hasText: 'listThreads' }).waitFor();
    await api(open, '/human/v0/threads?limit=1');
    await page.locator('#faults tr', { hasText: '1 of 2 left' }).waitFor();
    assert.equal(await row(page, '/human/v0/threads?limit=1').locator('td.fault').innerText(), 'fault-1');
    if (process.env.LIVE_PAGE_SCREENSHOT) await page.screenshot({ path: process.env.LIVE_PAGE_SCREENSHOT, fullPage: true });

    await page.locator('#clear-faults').click();
    await page.locator('#no-faults').waitFor();
    assert.deepEqual(await open.services.faults.list(), []);
    await page.locator('#clear-journal').click();
    await page.locator('#no-requests').waitFor();
    assert.deepEqual(await open.journal(), []);
    await open.seed({ threads: [{ thread_id: 'thr-live', inbox_id: 'inbox-live' }] });
    await page.locator('#summary', { hasText: 'inbox-live' }).waitFor();
    await page.locator('#reset').click();
    await page.locator('#summary', { hasText: 'replaced since start' }).waitFor();
    assert.equal(await page.locator('#summary', { hasText: 'inbox-live' }).count(), 0);
    await page.close();
  });

  it("with tenants it asks for a token, and a tenant's page shows none of another tenant's requests", async () => {
    const page = await livePage(shared);
    await page.locator('#token-form').waitFor();
    await page.locator('#token').fill('tok-a');
    await page.locator('#token-form button[type=submit]').click();
    await live(page);
    assert.equal(await page.locator('#scope').innerText(), 'tenant team-a');
    await api(shared, '/v1/threads?workspaceId=2', 'tok-b');
    await api(shared, '/v1/threads?workspaceId=2&by=b', 'tok-b');
    await api(shared, '/v1/threads?workspaceId=1', 'tok-a');
    await row(page, '/v1/threads?workspaceId=1').waitFor();
    assert.equal(await page.locator('#requests tr').count(), 1, "only team-a's own request");
    assert.equal(await page.locator('#requests td.tenant', { hasText: 'team-b' }).count(), 0);
    await page.locator('#summary', { hasText: 'inbox-support' }).waitFor();
    assert.doesNotMatch(await page.locator('#summary').innerText(), /inbox-sales/);

    // The admin's page (another tab: the token is per tab) sees both tenants.
    const adminPage = await livePage(shared);
    await adminPage.locator('#token').fill('admin-tok');
    await adminPage.locator('#token-form button[type=submit]').click();
    await live(adminPage);
    await adminPage.locator('#requests td.tenant', { hasText: 'team-b' }).first().waitFor();
    assert.equal(await adminPage.locator('#requests tr').count(), 3);
    await adminPage.close();
    await page.close();
  });

  it('loaded nothing from elsewhere and raised no script error', () => {
    assert.deepEqual(elsewhere, [], 'the page must not load anything from another address');
    assert.deepEqual(errors, []);
  });
});
