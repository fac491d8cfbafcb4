/**
 * The form of a public key that verifies checkpoints, as `switchyard keygen`
 * writes it (`generateSigningKeys`): said in every message about a file that
 * is not one.
 */
export const publicKeyForm =
  'a PEM block "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo) holding an Ed25519 key, as `switchyard keygen --out PREFIX` writes to PREFIX.pub.pem';

/**
 * What a text that should hold a public key holds instead, in words that
 * never quote key material (only a PEM block's type, such as `CERTIFICATE`):
 * `undefined` when it is one PEM block of type `PUBLIC KEY`, whose decoding
 * is then up to `createPublicKey`.
 *
 * @param text the file's (or the variable's) text.
 * @returns what was found instead, with what to do where there is something, or `undefined`.
 * @example
 * ```ts
 * publicKeyPemProblem(''); // 'nothing (the file is empty)'
 * ```
 */
export function publicKeyPemProblem(text: string): string | undefined {
  if (text.trim() === '') return 'nothing (it is empty)';
  const types = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]{1,40})-----/g)].map((match) => match[1] as string);
  if (types.length === 0) {
    if (/^\s*ssh-ed25519 /.test(text)) return 'an OpenSSH public key line (ssh-ed25519 ...), not PEM';
    return 'no PEM block (no "-----BEGIN PUBLIC KEY-----" line)';
  }
  if (types.length > 1) return `${types.length} PEM blocks (of types ${types.join(', ')}); expected one`;
  const [type] = types as [string];
  if (type === 'PUBLIC KEY') return undefined;
  if (type.endsWith('PRIVATE KEY'))
    return `a private key (a PEM block of type ${type}): pass the public key written beside it (PREFIX.pub.pem beside PREFIX.pem); verifying never needs the private key`;
  if (type === 'CERTIFICATE')
    return 'a PEM block of type CERTIFICATE: pass the public key itself (`openssl x509 -in FILE -pubkey -noout` prints it)';
  return `a PEM block of type ${type}`;
}
