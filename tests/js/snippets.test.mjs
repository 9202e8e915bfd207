// Runs every ```js code block of README.md and docs/*.md in node, against the built package.
//
// - A block runs on its own, as a module, with the repository root as working directory;
//   `./pkg/…` and `pkg/…` paths point at the package under test.
// - `console.log(x); // → text` lines say what the block prints: the output must be those
//   lines, in order (a block without such comments must just run without error).
// - ```js browser blocks (they need a page: fetch, document) are not run; ```js continue
//   blocks are appended to the block before them and run with it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PKG, ROOT } from './helpers.mjs';

/** The documents whose snippets run: README.md and docs/*.md, where they exist. */
function documents() {
  const docs = path.join(ROOT, 'docs');
  const files = fs.existsSync(docs) ? fs.readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f)) : [];
  return ['README.md', ...files.sort()].filter((f) => fs.existsSync(path.join(ROOT, f)));
}

/** The runnable ```js blocks of a Markdown text: { line, code }. */
export function snippets(markdown) {
  const out = [];
  const re = /^```js([ \t][^\n]*)?\n([\s\S]*?)^```\s*$/gm; // not ```json
  for (const m of markdown.matchAll(re)) {
    const tags = (m[1] ?? '').trim().split(/\s+/).filter(Boolean);
    const line = markdown.slice(0, m.index).split('\n').length;
    if (tags.includes('browser')) continue;
    if (tags.includes('continue') && out.length > 0) out[out.length - 1].code += m[2];
    else out.push({ line, code: m[2] });
  }
  return out;
}

/** What the block says it prints (the `// → text` comments of console.log lines). */
function expectedOutput(code) {
  return [...code.matchAll(/console\.log\(.*\/\/ → (.*)$/gm)].map((m) => m[1].trimEnd());
}

function run(code) {
  const pkg = PKG.split(path.sep).join('/');
  const program = code.replace(/(["'`])(?:\.\/)?pkg\//g, `$1${pkg}/`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tolok-snippet-'));
  const file = path.join(dir, 'snippet.mjs');
  fs.writeFileSync(file, program);
  try {
    return execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`the snippet failed:\n${e.stderr || e.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const docs = documents();

test('there are snippets to run', () => {
  assert.ok(docs.flatMap((d) => snippets(fs.readFileSync(path.join(ROOT, d), 'utf8'))).length > 0);
});

for (const doc of docs) {
  for (const { line, code } of snippets(fs.readFileSync(path.join(ROOT, doc), 'utf8'))) {
    test(`${doc}:${line} runs`, () => {
      const out = run(code).split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
      const expected = expectedOutput(code);
      if (expected.length > 0) assert.deepEqual(out.map((l) => l.trimEnd()), expected);
    });
  }
}
