import { reviewPolicyChange } from './review-policy-change.js';

for (const step of await reviewPolicyChange()) {
  console.log(`$ ${step.command}\n${step.stdout}${step.stderr}(exit ${step.code})\n`);
}
