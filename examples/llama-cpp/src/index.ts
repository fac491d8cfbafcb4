import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLlamaCppExample } from './run-llama-cpp-example.js';

// Bring your own model: SWITCHYARD_GGUF=/models/llama-3.2-1b-instruct-q4_k_m.gguf pnpm start
const dir = await mkdtemp(join(tmpdir(), 'switchyard-example-llama-cpp-'));
try {
  const modelPath = process.env.SWITCHYARD_GGUF;
  const { lines } = await runLlamaCppExample({ dir, ...(modelPath ? { modelPath } : {}) });
  for (const line of lines) console.log(line);
} finally {
  await rm(dir, { recursive: true, force: true });
}
