/** API keys by shape: OpenAI/Anthropic-style prefixes, Google API keys, bearer tokens. */
const keyPattern = /\b(?:sk-ant-[a-z0-9]+|sk|rk|pk|sess)-[A-Za-z0-9_*.-]{3,}|\bAIza[0-9A-Za-z_-]{20,}/g;
/** `Bearer <token>` in a header echoed by a message. */
const bearerPattern = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
/** `scheme://user:password@host`, `scheme://:password@host` (Redis's usual form) or `scheme://token@host`. */
const urlCredentialsPattern = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@:]*:[^\s/@]*|[^\s/@:]+)@/gi;
/** Secret-bearing query or form parameters: `?key=...`, `&api_key=...`, `token=...`. */
const secretParameterPattern =
  /([?&;](?:key|api[_-]?key|apikey|token|access[_-]?token|secret|password|sig|signature)=)[^&#\s"']+/gi;

/**
 * Removes secrets from a provider message before it reaches errors, records
 * or logs: anything shaped like an API key (`sk-...`, `sk-ant-...`, `rk-...`,
 * `pk-...`, `sess-...`, Google `AIza...`), bearer tokens, credentials inside
 * URLs (`https://user:password@host`, `redis://:password@host`) and secret query parameters
 * (`?key=...`, `&api_key=...`, `&token=...`). Adapters and the router call it
 * on every message they keep.
 *
 * @param message a message that may hold secrets.
 * @returns the message with every secret replaced by `[redacted]` markers.
 * @example
 * ```ts
 * redactSecrets('Incorrect API key provided: sk-abc123'); // 'Incorrect API key provided: [redacted key]'
 * redactSecrets('fetch https://me:pw@proxy.local/v1 failed'); // 'fetch https://[redacted]@proxy.local/v1 failed'
 * ```
 */
export function redactSecrets(message: string): string {
  return message
    .replace(urlCredentialsPattern, '$1[redacted]@')
    .replace(secretParameterPattern, '$1[redacted]')
    .replace(bearerPattern, '$1[redacted]')
    .replace(keyPattern, '[redacted key]');
}
