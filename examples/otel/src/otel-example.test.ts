import { describe, expect, it } from 'vitest';
import { otelExample } from './otel-example.js';

describe('otelExample', () => {
  it('traces every request with one child span per attempt and counts the metrics', async () => {
    const { spans, tree, metrics } = await otelExample();
    const requests = spans.filter((span) => span.parentSpanContext === undefined);
    expect(requests).toHaveLength(5);
    expect(spans).toHaveLength(5 + 7);
    expect(tree).toEqual([
      expect.stringMatching(/^chat chat {2}DE {2}served by frontier {2}depth 0 /),
      expect.stringMatching(/^ {2}└ chat gpt-5\.4 {2}openai {2}ok /),
      expect.stringMatching(/^chat chat {2}US {2}served by frontier /),
      expect.stringMatching(/^ {2}└ chat gpt-5\.4 {2}openai {2}ok /),
      expect.stringMatching(/^chat chat {2}SG {2}served by eu {2}depth 1 /),
      expect.stringMatching(/^ {2}├ chat gpt-5\.4 {2}openai {2}error cutoff {2}\(wasted\)/),
      expect.stringMatching(/^ {2}└ chat mistral-large {2}mistral {2}ok /),
      expect.stringMatching(/^chat chat {2}BR {2}served by eu {2}depth 0 /),
      expect.stringMatching(/^ {2}├ chat mistral-large {2}mistral {2}error transient {2}\(wasted\)/),
      expect.stringMatching(/^ {2}└ chat mistral-large {2}mistral {2}ok /),
      expect.stringMatching(/^chat chat {2}US {2}served by eu /),
      expect.stringMatching(/^ {2}└ chat mistral-large {2}mistral {2}ok /),
    ]);
    // The streamed request's span carries its time to first chunk.
    expect(requests[4]?.attributes['gen_ai.request.stream']).toBe(true);
    expect(requests[4]?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    // 2 × (800 × $2.5 + 300 × $15) + 3 × (800 × $2 + 350 × $6), per million tokens.
    expect(metrics.costUsd).toBeCloseTo((2 * (800 * 2.5 + 300 * 15) + 3 * (800 * 2 + 350 * 6)) / 1e6, 12);
    expect(metrics).toMatchObject({ requests: 5, wastedCostUsd: 0, attemptDurations: 7 });
    // No prompt text reaches a span.
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('Question');
  });
});
