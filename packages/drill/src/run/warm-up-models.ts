import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { Target } from '@switchyard/core';

/**
 * Calls every target's model once to generate and once to stream, before
 * the drill starts, so module loading and first-use work (real I/O the
 * virtual clock cannot see, or real time that loopback mode would count as
 * latency) are done before the first request of the drill. Failures are
 * ignored: the drill itself shows them.
 *
 * @param options.models the drill's models, by target id.
 * @param options.targets the targets, in the config's order.
 */
export async function warmUpModels(options: {
  models: Readonly<Record<string, LanguageModelV4>>;
  targets: readonly Target[];
}): Promise<void> {
  const call: LanguageModelV4CallOptions = {
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'warm up' }] }],
    maxOutputTokens: 8,
  };
  for (const target of options.targets) {
    const model = Object.hasOwn(options.models, target.id) ? options.models[target.id] : undefined;
    if (model === undefined) continue;
    try {
      await model.doGenerate(call);
      const reader = (await model.doStream(call)).stream.getReader();
      while (!(await reader.read()).done) {}
    } catch {
      // A warm-up failure is not the drill's business: the run itself shows it.
    }
  }
}
