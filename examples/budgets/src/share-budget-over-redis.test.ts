import { describe, expect, it } from 'vitest';
import { shareBudgetOverRedis } from './share-budget-over-redis.js';

describe('shareBudgetOverRedis', () => {
  it('stops both replicas at the shared limit, and Redis counts exactly what the records charged', async () => {
    const story = await shareBudgetOverRedis();
    const hosted = story.served.filter((entry) => entry.endsWith('openai-gpt'));
    expect(hosted.some((entry) => entry.startsWith('web-1'))).toBe(true);
    expect(hosted.some((entry) => entry.startsWith('web-2'))).toBe(true);
    expect(story.served.at(-1)).toMatch(/local-llama$/);
    expect(story.redisSpentMicroUsd).toBe(story.recordsChargedMicroUsd);
    expect(story.redisSpentMicroUsd).toBeLessThanOrEqual(story.limitMicroUsd);
  });
});
