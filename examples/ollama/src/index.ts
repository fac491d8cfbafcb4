import { runOllamaExample } from './run-ollama-example.js';

const { lines } = await runOllamaExample();
for (const line of lines) console.log(line);
