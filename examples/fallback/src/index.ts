import { runFallbackStory } from './run-fallback-story.js';

const { lines } = await runFallbackStory();
for (const line of lines) console.log(line);
