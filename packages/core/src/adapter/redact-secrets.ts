const keyPattern = /\b(?:sk-ant-[a-z0-9]+|sk|rk|pk|sess)-[A-Za-z0-9_*.-]{3,}/g;

/**
 * Removes anything shaped like an API key (`sk-...`, `sk-ant-...`, `rk-...`,
 * `pk-...`, `sess-...`) from a provider message before it reaches errors,
 * records or logs. Adapters call it on every provider message they keep.
 *
 * @example
 * ```ts
 * redactSecrets('Incorrect API key provided: sk-abc123'); // 'Incorrect API key provided: [redacted key]'
 * ```
 */
export function redactSecrets(message: string): string {
  return message.replace(keyPattern, '[redacted key]');
}
