import { formatInstant } from '../../time/instant-schema.js';
import type { CallerClass } from './policy-space.js';

/** `KP callers`, `callers given as the group EU`, `callers with no jurisdiction`. */
export function formatCallers(callers: CallerClass): string {
  if (callers.kind === 'unknown') return 'callers with no or an unknown jurisdiction';
  if (callers.kind === 'group') return `callers given as the group ${callers.codes[0]}`;
  const codes = callers.codes;
  return `${codes.length <= 12 ? codes.join(', ') : `${codes.slice(0, 12).join(', ')} and ${codes.length - 12} more`} callers`;
}

/** ` with regulated data`, ` with no data class`, or nothing when every data class is concerned. */
export function formatDataClasses(
  dataClasses: readonly (string | undefined)[],
  allDataClasses: readonly (string | undefined)[],
): string {
  if (dataClasses.length === allDataClasses.length) return '';
  const named = dataClasses.filter((value): value is string => value !== undefined);
  const none = dataClasses.length > named.length;
  const names =
    named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
  const parts = [...(named.length > 0 ? [`${names} data`] : []), ...(none ? ['no data class'] : [])];
  return ` with ${parts.join(' or with ')}`;
}

/** `from 2026-06-25T00:00Z`, `until ...`, `from ... until ...`, or `at any time`. */
export function formatWindow(from: number, until: number): string {
  const start = Number.isFinite(from) ? `from ${formatInstant(from)}` : '';
  const end = Number.isFinite(until) ? `until ${formatInstant(until)}` : '';
  return [start, end].filter(Boolean).join(' ') || 'at any time';
}
