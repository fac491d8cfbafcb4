import { readFile } from 'node:fs/promises';
import { parseScenario } from '@switchyard/drill';
import { describe, expect, it } from 'vitest';
import { runTwoReplicas } from './two-replicas.js';

describe('runTwoReplicas', () => {
  it('keeps the second replica off a model the first found withdrawn', async () => {
    const story = await runTwoReplicas();
    expect(story.served).toEqual([
      'web-1: openai-gpt',
      'web-2: openai-gpt',
      'web-1: local-llama',
      'web-2: local-llama',
    ]);
    expect(story.web2TriedWithdrawn).toBe(0);
    expect(story.web2Heard).toMatchObject({ targetId: 'openai-gpt', source: 'fleet', by: 'web-1' });
    const gpt = story.snapshot.targets.find((target) => target.targetId === 'openai-gpt');
    expect(gpt).toMatchObject({
      state: 'cutoff',
      cutoffs: [{ scope: 'target', reason: 'model_withdrawn', by: 'web-1', source: 'fleet' }],
    });
    expect(story.lines.at(-1)).toMatch(
      /^web-2 sees openai-gpt cut off for everyone \(model_withdrawn\) since .*, detected by web-1 \(fleet\): 404 /,
    );
  });
});

describe('fleet-withdrawal.yaml', () => {
  it('is a valid fleet drill of four processes', async () => {
    const file = new URL('./fleet-withdrawal.yaml', import.meta.url).pathname;
    const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
    expect(scenario.fleet).toMatchObject({ processes: 4 });
    expect(scenario.fleet?.assertions.map((assertion) => assertion.type)).toEqual([
      'propagation',
      'attempts-after-propagation',
      'wasted-attempts-per-process',
    ]);
  });
});
