import { runMidStreamStory } from './run-mid-stream-story.js';

const { lines } = await runMidStreamStory();
for (const line of lines) console.log(line);
