import { type HealthEvent, HealthEventSchema } from '../model/health-event.js';

/**
 * Parses and validates one event read from Redis (a stream entry or a snapshot
 * field). Another version's or another program's data is reported, never applied.
 */
export function decodeHealthEvent(
  json: string,
): { ok: true; event: HealthEvent } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, message: `not JSON (${(error as Error).message}): ${json.slice(0, 120)}` };
  }
  const parsed = HealthEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`);
  return { ok: false, message: `${issues.join('; ')}: ${json.slice(0, 120)}` };
}
