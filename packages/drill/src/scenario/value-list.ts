import { z } from 'zod';

/** A non-empty list of jurisdiction codes or groups (checked against the config by the validator). */
export const jurisdictionList = z.array(z.string().min(1)).min(1);

/** A non-empty list of values: every filter takes lists, never a single string. */
export const valueList = z.preprocess(
  (value, context) => {
    if (typeof value !== 'string') return value;
    context.issues.push({
      code: 'custom',
      input: value,
      message: `expected a list, e.g. [${value}]; got the single value "${value}"`,
    });
    return [value];
  },
  z.array(z.string().min(1)).min(1),
);
