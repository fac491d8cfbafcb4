import { routeWithFallback } from './route-with-fallback.js';

const { lines } = await routeWithFallback();
for (const line of lines) console.log(line);
