/**
 * Runs one zero-latency simulator per provider on 127.0.0.1 in its own process,
 * so the benchmark's client side has the event loop to itself. Prints one JSON
 * line with the base URLs, then stops every simulator and exits when stdin
 * closes (the benchmark ended or died) or on SIGTERM/SIGINT.
 */
import { startSimulator } from '@switchyard/simulators';

const [openai, anthropic, ollama] = await Promise.all([
  startSimulator({ kind: 'openai', models: ['gpt-4o'], maxRecordedRequests: 0 }),
  startSimulator({ kind: 'anthropic', models: ['claude-sonnet-5-5'], maxRecordedRequests: 0 }),
  startSimulator({ kind: 'ollama', models: ['llama3.2'], maxRecordedRequests: 0 }),
]);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([openai.stop(), anthropic.stop(), ollama.stop()]);
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

process.stdout.write(
  `${JSON.stringify({ openai: openai.baseURL, anthropic: anthropic.baseURL, ollama: ollama.baseURL })}\n`,
);
