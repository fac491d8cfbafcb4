import type { Fault, FaultRule } from '../fault.js';
import { faultTypeAliases, faultTypes } from '../fault.js';

interface CompiledRule {
  readonly rule: FaultRule & { id: string };
  readonly model: RegExp | undefined;
  readonly callers: ReadonlySet<string> | undefined;
  remaining: number;
}

/** What a request is matched on. */
export interface FaultSubject {
  readonly model: string | undefined;
  readonly caller: string | undefined;
  readonly apiKey: string | undefined;
}

/** Converts a glob (`*`, `?`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** Ordered, live-editable fault rules; compiled once when added. */
export class FaultTable {
  #rules: CompiledRule[] = [];
  #nextId = 1;

  add(written: FaultRule): string {
    const alias = Object.hasOwn(faultTypeAliases, written.fault.type)
      ? faultTypeAliases[written.fault.type]
      : undefined;
    const rule: FaultRule = alias
      ? { ...written, fault: { ...written.fault, type: alias } as Fault }
      : written;
    validateRule(rule);
    const id = rule.id ?? `fault-${this.#nextId++}`;
    if (this.#rules.some((entry) => entry.rule.id === id)) {
      throw new TypeError(`Fault rule id "${id}" is already in use; remove it first or pick another id.`);
    }
    this.#rules.push({
      rule: { ...rule, id },
      model: rule.model === undefined ? undefined : globToRegExp(rule.model),
      callers:
        rule.callers === undefined ? undefined : new Set(rule.callers.map((caller) => caller.toUpperCase())),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
    });
    return id;
  }

  remove(id: string): void {
    this.#rules = this.#rules.filter((entry) => entry.rule.id !== id);
  }

  set(rules: readonly FaultRule[]): void {
    const previous = this.#rules;
    this.#rules = [];
    try {
      for (const rule of rules) this.add(rule);
    } catch (error) {
      this.#rules = previous;
      throw error;
    }
  }

  clear(): void {
    this.#rules = [];
  }

  list(): FaultRule[] {
    return this.#rules.map((entry) =>
      entry.rule.times === undefined ? { ...entry.rule } : { ...entry.rule, times: entry.remaining },
    );
  }

  /** The first rule matching the subject; consumes one use of a `times` rule. */
  take(subject: FaultSubject): (FaultRule & { id: string }) | undefined {
    for (let index = 0; index < this.#rules.length; index++) {
      const entry = this.#rules[index]!;
      if (entry.model !== undefined && (subject.model === undefined || !entry.model.test(subject.model)))
        continue;
      if (entry.callers !== undefined && (subject.caller === undefined || !entry.callers.has(subject.caller)))
        continue;
      if (entry.rule.apiKey !== undefined && entry.rule.apiKey !== subject.apiKey) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.#rules.splice(index, 1);
      return entry.rule;
    }
    return undefined;
  }
}

function validateRule(rule: FaultRule): void {
  const fault = rule?.fault as { type?: unknown } | undefined;
  if (typeof fault !== 'object' || fault === null || !faultTypes.includes(fault.type as never)) {
    throw new TypeError(
      `Invalid fault rule: fault.type must be one of ${faultTypes.join(', ')}; got ${JSON.stringify(fault?.type)}.`,
    );
  }
  const numeric: Record<string, string> = {
    slow_first_token: 'delayMs',
    stream_cut: 'afterChunks',
    stream_stall: 'afterChunks',
    latency: 'extraMs',
  };
  const field = numeric[fault.type as string];
  if (field !== undefined) {
    const value = (fault as Record<string, unknown>)[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(
        `Invalid fault rule: ${fault.type} needs fault.${field} >= 0; got ${JSON.stringify(value)}.`,
      );
    }
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
    throw new TypeError(
      `Invalid fault rule: times must be an integer >= 1; got ${JSON.stringify(rule.times)}.`,
    );
  }
}
