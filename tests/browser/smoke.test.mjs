// Smoke test of the test infrastructure itself: scripts/serve.py's headers and MIME types,
// and headless Chromium loading WebAssembly under the site's CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, startServer } from './helpers.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
  + "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";
const FIXTURES = '/tests/browser/fixtures';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

test('every response has the CSP and no-store headers', async () => {
  for (const p of [`${FIXTURES}/smoke.html`, `${FIXTURES}/tiny.wasm`, '/no/such/file']) {
    const res = await fetch(server.url + p);
    assert.equal(res.headers.get('content-security-policy'), CSP, p);
    assert.equal(res.headers.get('cache-control'), 'no-store', p);
  }
});

test('MIME types: .wasm is application/wasm, .mjs/.js are text/javascript', async () => {
  const wasm = await fetch(`${server.url}${FIXTURES}/tiny.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  for (const p of [`${FIXTURES}/smoke.mjs`, '/tests/browser/helpers.mjs']) {
    const res = await fetch(server.url + p);
    assert.match(res.headers.get('content-type'), /^text\/javascript\b/, p);
  }
});

test('"/" redirects to the explorer; dot-folders are not served', async () => {
  const res = await fetch(`${server.url}/`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/www/index.html');
  assert.equal((await fetch(`${server.url}/.git/HEAD`)).status, 404);
});

test('Chromium runs WebAssembly under the CSP and blocks inline scripts', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser, `${server.url}${FIXTURES}/smoke.html`);
    await page.waitForFunction(() => document.getElementById('status').textContent !== 'loading');
    assert.equal(await page.textContent('#status'), 'wasm ok');
    assert.equal(await page.title(), 'smoke', 'the inline script must be blocked by the CSP');
    // The blocked inline script is the one expected error (a CSP report on the console).
    assert.ok(errors.every((e) => /Content Security Policy/.test(e)), errors.join('\n'));
  } finally {
    await browser.close();
  }
});
