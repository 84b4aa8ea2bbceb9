// Debian's chromium, driven by playwright-core, for the tests that open a page: offline and
// quiet (no first-run UI, no background downloads or sync, no QUIC), in a fresh profile.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The `skip` of a suite that needs the browser: a reason when there is none. */
export const noBrowser: string | false = !existsSync(CHROMIUM) && `no browser at ${CHROMIUM} (apt-get install chromium)`;

export interface Browser {
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export async function openBrowser(timeoutMs: number, viewport?: { width: number; height: number }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'thread-sandbox-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: timeoutMs, ...(viewport ? { viewport } : {}) });
  context.setDefaultTimeout(timeoutMs);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
