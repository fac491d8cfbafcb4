/**
 * A `Date` whose present is `now()` (a virtual clock's), for a drill on
 * virtual time: `new Date()`, `Date()` and `Date.now()` read `now()`; every
 * other use (`new Date(ms)`, `Date.parse`, `Date.UTC`, the methods) is the
 * native `Date`'s. Instances are native dates (`instanceof Date` holds,
 * their `constructor` is the native `Date`), and subclasses still get
 * instances of their own class.
 *
 * Why not the `Date` of `@sinonjs/fake-timers`: its constructor is a proxied
 * subclass that defines a property on every instance, and a drill makes
 * several dates per request (the router's records, the simulators' answers,
 * the SDKs' metadata); this one makes a plain native date.
 *
 * @param now the virtual present, epoch ms.
 * @param NativeDate the real `Date` (default: the global one, taken when called).
 * @returns the constructor to install as the global `Date`.
 * @example
 * ```ts
 * globalThis.Date = virtualDate(() => clock.now);
 * ```
 */
export function virtualDate(now: () => number, NativeDate: DateConstructor = Date): DateConstructor {
  function VirtualDate(this: unknown, ...values: unknown[]): Date | string {
    if (new.target === undefined) return new NativeDate(now()).toString();
    // A subclass (`class D extends Date`) keeps its own prototype.
    if (new.target !== VirtualDate) {
      return Reflect.construct(NativeDate, values.length === 0 ? [now()] : values, new.target);
    }
    if (values.length === 0) return new NativeDate(now());
    if (values.length === 1) return new NativeDate(values[0] as string | number | Date);
    return Reflect.construct(NativeDate, values) as Date;
  }
  VirtualDate.prototype = NativeDate.prototype;
  VirtualDate.now = now;
  VirtualDate.parse = NativeDate.parse;
  VirtualDate.UTC = NativeDate.UTC;
  VirtualDate.toString = () => NativeDate.toString();
  return VirtualDate as unknown as DateConstructor;
}
