/**
 * Runs `run` as if the machine's locale were `locale`: `localeCompare` without a locale of its
 * own orders by it (as it would under `LANG=et_EE.UTF-8`), so a test can show that an order does
 * not depend on the machine. Estonian sorts `z` before `t`, which code-unit order does not. When
 * `run` returns a promise, the locale holds until it settles (run one such test at a time).
 */
export function underMachineLocale<T>(locale: string, run: () => T): T {
  const original = String.prototype.localeCompare;
  const restore = () => {
    String.prototype.localeCompare = original;
  };
  String.prototype.localeCompare = function (
    this: string,
    that: string,
    locales?: Intl.LocalesArgument,
    options?: Intl.CollatorOptions,
  ): number {
    return original.call(this, that, locales ?? locale, options);
  };
  let result: T;
  try {
    result = run();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
