import { runTwoReplicas } from './two-replicas.js';

const { lines } = await runTwoReplicas();
for (const line of lines) console.log(line);
console.log('\nA fleet drill of four router processes: pnpm --filter @switchyard/example-fleet-health drill');
