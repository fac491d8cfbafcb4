// One model of the differential bench (`real-shaped-gguf.ts`): the file named on the command line
// is checked by `checkGgufFile` (the JS rules) and, whatever they say, loaded by llama.cpp: through
// the package's load path (`loadLlamaModel`: check, model on the CPU, mapped, a context of
// 256 tokens, the chat wrapper) when the rules accept it, else with the same llama.cpp calls
// directly; then a text is tokenized and detokenized. Prints one JSON line of both verdicts; if llama.cpp
// kills this process, the parent sees no line.
import { performance } from 'node:perf_hooks';
import { ProviderError } from '@switchyard/core/failure';
import { checkGgufFile } from '../src/check-gguf-file.js';
import { llamaErrorsSince, llamaLogMark } from '../src/internal/llama-error-log.js';
import { loadLlama } from '../src/load-llama.js';
import { loadLlamaModel } from '../src/load-llama-model.js';

const path = process.argv[2] as string;
const llama = await loadLlama({ maxThreads: 1 });
const result: Record<string, unknown> = {};
let started = performance.now();
try {
  const check = await checkGgufFile({ path, llama, contextSize: 256, sequences: 1, maxMemoryBytes: 2 ** 50 });
  result.js = 'accepted';
  result.weightsBytes = check.weightsBytes;
  result.estimatedMemoryBytes = check.estimatedMemoryBytes;
} catch (error) {
  result.js = ProviderError.isInstance(error)
    ? `refused ${error.failure.code}: ${error.failure.message.slice(path.length + 2, 400)}`
    : `unclassified: ${String(error).slice(0, 300)}`;
}
result.jsMs = Math.round(performance.now() - started);
started = performance.now();
const mark = llamaLogMark();
try {
  let model: Awaited<ReturnType<typeof llama.loadModel>>;
  let context: { dispose(): Promise<void> };
  if (result.js === 'accepted') {
    const loaded = await loadLlamaModel({
      path,
      modelId: path,
      provider: 'llama-cpp',
      llama,
      sequences: 1,
      maxQueued: 1,
      contextSize: 256,
      maxMemoryBytes: 2 ** 50,
      chatWrapper: 'auto',
      promptCache: false,
    });
    model = loaded.model;
    context = loaded.context;
    result.chatWrapper = loaded.chatWrapper.wrapperName;
  } else {
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    context = await model.createContext({ contextSize: 256, sequences: 1 });
  }
  const text = 'Hello, world!\nNew line é 日本';
  const tokens = model.tokenize(text);
  const back = model.detokenize(tokens);
  result.llamaCpp =
    back === text || back === ` ${text}` ? 'loaded' : `loaded; text came back as ${JSON.stringify(back)}`;
  result.tokens = tokens.length;
  await context.dispose();
  await model.dispose();
} catch (error) {
  const message = ProviderError.isInstance(error)
    ? error.failure.message
    : error instanceof Error
      ? error.message
      : String(error);
  result.llamaCpp = `refused: ${message}; ${llamaErrorsSince(mark)}`.slice(0, 500);
}
result.llamaCppMs = Math.round(performance.now() - started);
process.stdout.write(`${JSON.stringify(result)}\n`);
