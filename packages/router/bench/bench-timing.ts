import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';

// The router bench's timing: interleaved per-call samples, quantiles, and draining a stream.

/** The `p` quantile of sorted times. */
export const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
/** Nanoseconds as microseconds, for printing. */
export const us = (ns: number) => `${(ns / 1000).toFixed(2)} us`;

/** Per-call times (ns) of each variant, interleaved in batches. */
export async function timeCalls(
  variants: Record<string, () => PromiseLike<unknown>>,
  options: { warmup: number; samples: number; batch: number },
): Promise<Record<string, Float64Array>> {
  const names = Object.keys(variants);
  for (const name of names) {
    const call = variants[name] as () => PromiseLike<unknown>;
    for (let index = 0; index < options.warmup; index++) await call();
  }
  const results: Record<string, Float64Array> = {};
  for (const name of names) results[name] = new Float64Array(options.samples);
  for (let start = 0; start < options.samples; start += options.batch) {
    for (const name of names) {
      const call = variants[name] as () => PromiseLike<unknown>;
      const into = results[name] as Float64Array;
      const end = Math.min(options.samples, start + options.batch);
      for (let index = start; index < end; index++) {
        const begin = process.hrtime.bigint();
        await call();
        into[index] = Number(process.hrtime.bigint() - begin);
      }
    }
  }
  for (const name of names) (results[name] as Float64Array).sort();
  return results;
}

/** Reads a stream to its end; resolves with how many parts it had. */
export async function drain(stream: ReadableStream<LanguageModelV4StreamPart>): Promise<number> {
  const reader = stream.getReader();
  let parts = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) return parts;
    parts++;
  }
}
