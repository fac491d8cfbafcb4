// One cold start, in a fresh process: prints a JSON line of timings (ms), the greedy answer and RSS.
// Spawned by llama-cpp.bench.ts; imports the built package (dist).
const started = performance.now();
const { createLlamaCpp, loadLlama } = await import('@switchyard/llama-cpp');
const imported = performance.now();
await loadLlama();
const binary = performance.now();
const provider = createLlamaCpp({ sequences: 4, contextSize: 2048 });
const model = provider(process.argv[2]);
await model.warm();
const loaded = performance.now();
const prompt = [{ role: 'user', content: [{ type: 'text', text: 'Hello, who are you?' }] }];
const { content } = await model.doGenerate({ prompt, maxOutputTokens: 64 });
const answered = performance.now();
for (let index = 0; index < 20; index++) await model.doGenerate({ prompt, maxOutputTokens: 64 });
const rss = process.memoryUsage().rss;
await provider.close();
console.log(
  JSON.stringify({
    importMs: imported - started,
    binaryMs: binary - imported,
    modelMs: loaded - binary,
    firstAnswerMs: answered - loaded,
    text: content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    rssBytes: rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
