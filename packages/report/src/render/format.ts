/**
 * Sums of floating-point costs carry noise (`0.1 + 0.2 - 0.3` is `5.55e-17`):
 * anything within half a millionth of a cent is zero.
 */
export function cleanUsd(value: number): number {
  return Math.abs(value) < 5e-9 ? 0 : value;
}

/** USD with enough digits for small amounts: `$12.35`, `$0.0123`, `$0` (never float noise like `-$5.55e-17`). */
export function formatUsd(input: number): string {
  const value = cleanUsd(input);
  if (value === 0) return '$0';
  const sign = value < 0 ? '-' : '';
  const absolute = Math.abs(value);
  if (absolute >= 1) return `${sign}$${absolute.toFixed(2)}`;
  return `${sign}$${Number(absolute.toPrecision(3))}`;
}

/** Milliseconds with one decimal below 100 ms: `12.3 ms`, `812 ms`, `2.41 s`. */
export function formatMs(value: number): string {
  const absolute = Math.abs(value);
  if (absolute >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (absolute >= 1_000) return `${(value / 1000).toFixed(2)} s`;
  if (absolute >= 100) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

/** A ratio as a percentage: `12.5%`. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** An integer with thousands separators: `1,234,567`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * A delta with an explicit sign, formatted by `format` (given the magnitude): `+$0.12`, `-3.0 ms`,
 * `±$0`; a delta that `format` prints as zero is `±` whatever its float sign (never `-0.0 pp`).
 */
export function formatSigned(value: number, format: (value: number) => string): string {
  const magnitude = format(Math.abs(value));
  if (magnitude === format(0)) return `±${format(0)}`;
  return `${value > 0 ? '+' : '-'}${magnitude}`;
}

/**
 * An offset from the start of a run: `+0s`, `+250ms`, `+7.5s`, `+45s`, `+1m30s`,
 * `+1m2.4s`, `+2m`, `+1h5m`, `+30d` (days and hours as such). Below an hour it keeps a tenth of a
 * second (an event at +7.5 s and a request at +8.4 s do not both read `+8s`); from an hour, whole
 * seconds. The one time axis of drills: the terminal summary, the Markdown and HTML reports (whose
 * charts show the absolute time on hover) all use it.
 */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const absolute = Math.abs(ms);
  if (absolute === 0) return '+0s';
  if (Math.round(absolute) < 1000) return `${sign}${Math.round(absolute)}ms`;
  if (absolute >= 1e15) return `${sign}${Math.round(absolute / 86_400_000)}d`;
  const tenths = Math.round(absolute / 100);
  if (tenths < 36_000) {
    const minutes = Math.floor(tenths / 600);
    const rest = (tenths % 600) / 10;
    return `${sign}${minutes > 0 ? `${minutes}m` : ''}${rest > 0 || minutes === 0 ? `${rest}s` : ''}`;
  }
  const seconds = Math.round(absolute / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [
    days > 0 ? `${days}d` : '',
    hours > 0 ? `${hours}h` : '',
    minutes > 0 ? `${minutes}m` : '',
    rest > 0 ? `${rest}s` : '',
  ];
  return `${sign}${parts.join('') || '0s'}`;
}

/** A difference of ratios in percentage points: `+12.5 pp`. */
export function formatPoints(delta: number): string {
  return formatSigned(delta, (value) => `${(value * 100).toFixed(1)} pp`);
}

/** An ISO 8601 instant without milliseconds: `2026-06-25T10:00:00Z`. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.000Z$/, 'Z');
}
