export { costOf, resolvePrice } from './cost-of.js';
export { defaultPrice } from './default-price.js';
export { roundUsd } from './round-usd.js';
