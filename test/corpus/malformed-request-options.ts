/** One malformed `providerOptions.switchyard` and the path its error must name. */
export interface MalformedRequestOptions {
  readonly name: string;
  readonly options: unknown;
  /** The path the router's issue must start with (`(root)` for the whole value). */
  readonly path: string;
}

/** Malformed per-request options: wrong types, unknown keys, bad codes and data classes. */
export function malformedRequestOptions(): MalformedRequestOptions[] {
  const cases: MalformedRequestOptions[] = [];
  const wrong: Record<string, readonly unknown[]> = {
    jurisdiction: [42, ['US'], null, '', { code: 'US' }],
    dataClass: [7, '', ['internal'], null],
    tenant: [7, '', null],
    tags: ['batch', [1], [''], null],
    deadlineMs: [-1, 0, 1.5, 'soon', null],
  };
  for (const [field, values] of Object.entries(wrong))
    for (const value of values)
      cases.push({ name: `${field} = ${JSON.stringify(value)}`, options: { [field]: value }, path: field });
  for (const key of ['jurisdicton', 'data_class', 'tenantId', 'deadline'])
    cases.push({ name: `unknown key ${key}`, options: { [key]: 'x' }, path: key });
  for (const code of ['us', 'XX', 'self', 'unknown', 'EUR', 'Germany', 'de', 'UK'])
    cases.push({ name: `jurisdiction ${code}`, options: { jurisdiction: code }, path: 'jurisdiction' });
  for (const dataClass of ['Regulated', 'secret', 'confidential', 'public ']) {
    cases.push({
      name: `data class ${JSON.stringify(dataClass)}`,
      options: { jurisdiction: 'DE', dataClass },
      path: 'dataClass',
    });
  }
  for (const options of ['US', 42, ['US'], true])
    cases.push({ name: `options ${JSON.stringify(options)}`, options, path: '(root)' });
  return cases;
}
