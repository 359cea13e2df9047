import type { INestApplication } from '@nestjs/common';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH): playwright-core never downloads a browser. */
export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', ...args] });
}

/** Serves the app on a free loopback port; returns its base URL. */
export async function serveOnLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}

/**
 * A fresh browser context (its own storage, in UTC so that zone handling is the console's, not the
 * machine's) signed in through the console's form, then at `hash`; page errors are collected.
 */
export async function signInToConsole(
  browser: Browser,
  base: string,
  credentials: { email: string; password: string },
  options: { hash?: string; locale?: string } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, timezoneId: 'UTC', locale: options.locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${base}/`);
  await page.fill('#login input[name=email]', credentials.email);
  await page.fill('#login input[name=password]', credentials.password);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#logout');
  if (options.hash) await page.goto(`${base}/${options.hash}`);
  return { page, errors };
}

/** Waits until the first element `selector` matches reads exactly `text`. */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(([s, expected]) => document.querySelector(s)?.textContent === expected, [selector, text] as const);
}

/** Words a page should never show: a value rendered by mistake (`null`, `undefined`, `NaN`, `[object …]`). */
export async function strayText(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.match(/\b(null|undefined|NaN)\b|\[object \w+\]/g) ?? [];
}
