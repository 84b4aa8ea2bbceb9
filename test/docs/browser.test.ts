// /docs in a real browser (Debian's chromium driven by playwright-core): the operations of both
// APIs are listed and "Try it out" reaches the sandbox. DOCS_SCREENSHOT=file.png keeps a picture.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { noBrowser, openBrowser, type Browser } from '../helpers/browser.js';

const TIMEOUT = 60_000;

describe('the /docs page in a browser', { skip: noBrowser, timeout: 4 * TIMEOUT }, () => {
  let sandbox: Sandbox;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const elsewhere: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    browser = await openBrowser(TIMEOUT);
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => {
      if (!r.url().startsWith(sandbox.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await page.goto(`${sandbox.url}/docs`);
  });

  after(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  const paths = () => page.locator('.opblock-summary-path').allInnerTexts();

  it('lists the Execution Threads operations first and the Agentry ones from the spec selector', async () => {
    await page.locator('.opblock-summary-path', { hasText: '/v1/threads' }).first().waitFor();
    assert.ok((await paths()).includes('/v1/threads'));
    const select = page.locator('.topbar select');
    const options = await select.locator('option').allInnerTexts();
    assert.ok(options.includes('Agentry Threads API'), options.join(', '));
    await select.selectOption({ label: 'Agentry Threads API' });
    await page.locator('.opblock-summary-path', { hasText: '/human/v0/threads/' }).first().waitFor();
    const v0 = (await paths()).map((p) => p.replace(/\u200b/g, ''));
    assert.ok(v0.includes('/human/v0/threads') && v0.includes('/human/v0/threads/{thread_id}'), v0.join(', '));
    await select.selectOption({ label: 'Execution Threads API' });
    await page.locator('.opblock-summary-path', { hasText: '/v1/threads' }).first().waitFor();
  });

  it('"Try it out" on GET /v1/threads with an Api-Token gets a 200 from this sandbox', async () => {
    await page.locator('button.authorize').click();
    await page.locator('.modal-ux input[type=text], .modal-ux input[type=password]').first().fill('docs-token');
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();
    const operation = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path', { hasText: '/v1/threads' }) }).first();
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    assert.equal((await status.innerText()).trim(), '200');
    assert.match(await operation.locator('.live-responses-table tr.response .response-col_description').first().innerText(), /"totalCount": 1/);
    const journal = await sandbox.services.journal.list({});
    assert.ok(journal.some((e) => e.path === '/v1/threads' && e.status === 200), 'the request reached the sandbox');
    if (process.env.DOCS_SCREENSHOT) await page.screenshot({ path: process.env.DOCS_SCREENSHOT, fullPage: true });
    assert.deepEqual(elsewhere, [], 'the page must not load anything from another address');
  });
});
