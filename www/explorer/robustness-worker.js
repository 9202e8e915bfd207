// The robustness panel's worker (a module worker): runs Scorer.uncertainty and Scorer.sobol off
// the main thread, so that the page and its sliders never wait for an analysis. Cancelling is
// done by the page, which terminates this worker (a run inside WebAssembly cannot be
// interrupted by a message, since the worker handles no message until the run returns).
//
// Messages in:  { type: 'data', csv }                        the dataset's CSV text, kept here
//               { type: 'run' | 'sobol', id, spec, options } an analysis of that CSV by `spec`
// Messages out: { type: 'progress', id, done, total }        every 1% of the draws
//               { type: 'result', id, result }               UncertaintyResult / SobolResult
//               { type: 'error', id, message }

import init, { Scorer } from '../../pkg/full/tolok.js';

const ready = init();
let csv = null;

self.addEventListener('message', async (event) => {
  const msg = event.data;
  if (msg.type === 'data') {
    csv = msg.csv;
    return;
  }
  const { id } = msg;
  let scorer = null;
  try {
    await ready;
    if (csv === null) throw new Error('no data was sent to the worker');
    scorer = Scorer.fromCsv(csv, msg.spec);
    if (msg.type === 'run') {
      const total = msg.options.samples;
      const result = scorer.uncertainty({
        ...msg.options,
        onProgress: (done) => self.postMessage({ type: 'progress', id, done, total }),
      });
      const buffers = Object.values(result).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer);
      self.postMessage({ type: 'result', id, result }, buffers);
    } else if (msg.type === 'sobol') {
      self.postMessage({ type: 'result', id, result: scorer.sobol(msg.options) });
    } else {
      throw new Error(`unknown request '${msg.type}'`);
    }
  } catch (err) {
    self.postMessage({ type: 'error', id, message: err?.message ?? String(err) });
  } finally {
    scorer?.free();
  }
});
