// Shared helpers for the browser tests (node:test + playwright-core + Debian's Chromium).
//
//   import { startServer, launchBrowser, openPage } from './helpers.mjs';
//   const server = await startServer();          // server.url = 'http://127.0.0.1:PORT' (no slash)
//   const browser = await launchBrowser();
//   const { page, errors } = await openPage(browser, `${server.url}/www/index.html`);
//   ... assert.deepEqual(errors, []);
//   await browser.close(); await server.close();
//
// The server is scripts/serve.py (the same one scripts/serve.sh runs) on a free port, serving
// the repository root with the production CSP, so pages load ../pkg/ exactly as when deployed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Start scripts/serve.py on a free loopback port and wait until it answers.
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function startServer({ timeoutMs = 15000 } = {}) {
  const child = spawn('python3', [path.join(ROOT, 'scripts', 'serve.py'), '--host', '127.0.0.1', '--port', '0', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    // serve.py's first stdout line is "Serving Tolok at http://127.0.0.1:PORT/".
    const lines = createInterface({ input: child.stdout });
    const early = new AbortController(); // ends the two watchers below once a line came
    const first = await Promise.race([
      once(lines, 'line').then(([line]) => line),
      once(child, 'exit', { signal: early.signal }).then(([code]) => {
        throw new Error(`serve.py exited early with code ${code}`);
      }),
      sleep(timeoutMs, null, { ref: false, signal: early.signal }).then(() => {
        throw new Error('serve.py printed no URL in time');
      }),
    ]).finally(() => early.abort());
    lines.on('line', () => {}); // keep draining stdout
    const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(first);
    if (!match) throw new Error(`unexpected first line from serve.py: ${first}`);
    const port = Number(match[1]);
    const url = `http://127.0.0.1:${port}`;
    // Wait until it answers (it already listens, but be sure).
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${url}/scripts/serve.py`, { method: 'HEAD' });
        if (res.ok) break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`server at ${url} did not answer: ${err}`);
      }
      await sleep(50);
    }
    return { url, port, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Launch Debian's headless Chromium through playwright-core (which never downloads browsers). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Open URL in a new page and collect what went wrong there: uncaught exceptions, console
 * errors (CSP violations are reported as console errors) and failed requests.
 * `errors` keeps filling while the page lives; assert on it at the end of a test.
 * @returns {Promise<{page: import('playwright-core').Page, errors: string[]}>}
 */
export async function openPage(browser, url, { waitUntil = 'load' } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  await page.goto(url, { waitUntil });
  return { page, errors };
}
