import { runBudgetStory } from './run-budget-story.js';
import { shareBudgetOverRedis } from './share-budget-over-redis.js';

for (const line of (await runBudgetStory()).lines) console.log(line);
console.log('');
for (const line of (await shareBudgetOverRedis()).lines) console.log(line);
