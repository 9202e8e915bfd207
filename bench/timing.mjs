// Timing for the benchmarks (bench.mjs, ceiling.mjs): medians of calls timed one by one, and
// pairs of implementations timed in alternating blocks.

/** Median time of `f` in ms; `setup` (untimed) runs before each call. */
export function median(reps, f, setup = () => {}) {
  for (let r = 0; r < Math.min(reps, 20); r++) {
    setup();
    f(); // warm-up
  }
  const times = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    setup();
    const t0 = performance.now();
    f();
    times[r] = performance.now() - t0;
  }
  return middle(times);
}

/** The median of an array of times. */
export function middle(times) {
  const t = Float64Array.from(times).sort();
  return t[t.length >> 1];
}

/**
 * `wasm` and `js` timed call by call in alternating blocks (the first of each pair taking
 * turns), so that both see the same state of the machine: a VM whose speed drifts within minutes
 * would otherwise skew the ratio. Returns the median time of each (ms, over all calls) and the
 * ratio js/wasm of each pair of blocks (of their medians): its median and its range.
 */
export function paired(reps, wasm, js) {
  for (let r = 0; r < Math.min(reps, 20); r++) {
    wasm(); // warm-up
    js();
  }
  const block = Math.max(3, Math.ceil(reps / 16));
  const all = { wasm: [], js: [] };
  const ratios = [];
  for (let done = 0, round = 0; done < reps; done += block, round++) {
    const blocks = { wasm: [], js: [] };
    for (const side of round % 2 ? ['js', 'wasm'] : ['wasm', 'js']) {
      const f = side === 'wasm' ? wasm : js;
      for (let r = 0; r < block; r++) {
        const t0 = performance.now();
        f();
        blocks[side].push(performance.now() - t0);
      }
      all[side].push(...blocks[side]);
    }
    ratios.push(middle(blocks.js) / middle(blocks.wasm));
  }
  return {
    wasm: middle(all.wasm),
    js: middle(all.js),
    ratio: middle(ratios),
    lo: Math.min(...ratios),
    hi: Math.max(...ratios),
  };
}

export const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

/** "12.4× (10.1–13.5)": the median ratio over the pairs of blocks, and its range. */
export const ratio = ({ ratio: q, lo, hi }) => `${q.toFixed(1)}× (${lo.toFixed(1)}–${hi.toFixed(1)})`;
