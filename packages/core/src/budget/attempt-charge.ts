import type { TokenUsage } from '../record/decision-record.js';
import type { Price } from '../target/target-schema.js';
import type { BudgetAmount } from './budget-amount.js';
import { costMicroUsd } from './micro-usd.js';

/**
 * What an attempt is charged when it is reconciled: its cost in whole
 * micro-dollars ({@link costMicroUsd}, rounded up), its input plus output
 * tokens, and one request when it was sent to the target. Pass the usage the
 * provider reported, or, for a stream cut before its finish part, what was
 * delivered (the router's estimate).
 *
 * @param options.usage the tokens used, or undefined when the provider billed none.
 * @param options.price the target's price.
 * @param options.sent whether the call reached the target (counts one request).
 * @returns the charge.
 *
 * @example
 * ```ts
 * attemptCharge({ usage, price: { input: 2, output: 10 }, sent: true }); // { microUsd: 2_200, tokens: 300, requests: 1 } for 100 in, 200 out
 * ```
 */
export function attemptCharge(options: {
  usage: TokenUsage | undefined;
  price: Price | undefined;
  sent: boolean;
}): BudgetAmount {
  const usage = options.usage;
  return {
    microUsd: costMicroUsd({ usage, price: options.price }),
    tokens: usage ? usage.inputTokens + usage.outputTokens : 0,
    requests: options.sent ? 1 : 0,
  };
}
