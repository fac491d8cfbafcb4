import { otelExample } from './otel-example.js';

const { tree, metrics } = await otelExample();
console.log('Spans (request, then one child per attempt):');
for (const line of tree) console.log(line);
console.log(
  `Metrics: ${metrics.requests} requests, $${metrics.costUsd.toFixed(6)} spent ` +
    `($${metrics.wastedCostUsd.toFixed(6)} wasted), ${metrics.attemptDurations} attempt durations`,
);
