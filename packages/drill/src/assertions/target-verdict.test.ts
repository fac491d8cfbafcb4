import { compilePolicy, type TargetInput } from '@switchyard/core';
import { describe, expect, it, vi } from 'vitest';
import { targetVerdict } from './target-verdict.js';

const targets: TargetInput[] = [
  {
    id: 'us-gpt',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 400_000,
  },
  {
    id: 'local',
    provider: 'ollama',
    model: 'qwen3',
    hostedIn: 'self',
    origin: 'CN',
    weights: 'open',
    contextWindow: 32_768,
  },
];
const at = Date.parse('2026-06-25T09:00:00Z');

describe('targetVerdict', () => {
  it('gives the verdict compiled.evaluate gives for that one target, preparing each policy and target once', () => {
    const compiled = compilePolicy({
      policy: {
        rules: [
          {
            id: 'no-us-for-cn',
            description: 'no US-hosted model for callers in CN',
            source: 'test',
            effect: 'deny',
            when: { jurisdiction: ['CN'] },
            targets: { hostedIn: ['US'] },
          },
        ],
      },
      targets,
    });
    const prepare = vi.spyOn(compiled, 'forTargets');
    const verdictOf = targetVerdict();
    for (const jurisdiction of ['CN', 'DE', 'CN']) {
      for (const targetId of ['us-gpt', 'local']) {
        const context = { jurisdiction };
        expect(verdictOf(compiled, targetId, context, at)).toEqual(
          compiled.evaluate(context, { at, targets: [targetId] })[0],
        );
      }
    }
    expect(verdictOf(compiled, 'us-gpt', { jurisdiction: 'CN' }, at)?.allowed).toBe(false);
    // Two prepared by verdictOf, six by the comparisons through compiled.evaluate.
    expect(prepare.mock.calls.filter(([ids]) => ids.length === 1)).toHaveLength(2 + 6);
  });

  it('names a target the catalog lacks, as compiled.evaluate does', () => {
    const compiled = compilePolicy({ policy: {}, targets });
    expect(() => targetVerdict()(compiled, 'nowhere', {}, at)).toThrow(/unknown target id "nowhere"/);
  });
});
