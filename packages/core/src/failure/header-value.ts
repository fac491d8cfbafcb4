/** Response headers as the SDKs hand them over: a fetch `Headers`, or a plain record. */
export type ResponseHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One header of a response, by its lower-case name: a fetch `Headers` joins
 * repeated fields with `, `; of a record's list, the first (`all: true`: every
 * one, joined with `, ` as fetch does).
 */
export function headerValue(
  headers: ResponseHeaders,
  name: string,
  options: { all?: boolean } = {},
): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  if (typeof value === 'string' || value === undefined) return value;
  return options.all === true ? value.join(', ') : value[0];
}
