// One worker of the fuzz harness (`fuzz-gguf.ts`): for each model file named on the command line,
// prints `{"start":i}`, then checks, loads and generates four tokens through the package's public
// path (`createLlamaCpp`, the LanguageModelV4) and prints what happened. If llama.cpp kills this
// process, the parent sees a `start` without its result: that file killed it.
import { ProviderError } from '@switchyard/core/failure';
import { createLlamaCpp } from '../src/index.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello there' }] }];
const write = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const files = process.argv.slice(2);
for (const [index, path] of files.entries()) {
  write({ start: index });
  const provider = createLlamaCpp({ sequences: 1, contextSize: 256, maxMemoryBytes: 2 ** 30 });
  try {
    const result = await provider(path).doGenerate({ prompt, maxOutputTokens: 4 });
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    write({ index, outcome: 'passed', detail: JSON.stringify(text) });
  } catch (error) {
    if (ProviderError.isInstance(error))
      write({
        index,
        outcome: 'classified',
        code: `${error.failure.kind}/${error.failure.code ?? ''}`,
        detail: error.failure.message.slice(0, 400),
      });
    else write({ index, outcome: 'unclassified', detail: String(error).slice(0, 400) });
  } finally {
    await provider.close();
  }
}
