import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { publicKeyForm, publicKeyPemProblem } from './public-key-pem-problem.js';

/** Environment variable holding the Ed25519 private key (PEM) that signs checkpoints. */
export const privateKeyVariable = 'SWITCHYARD_EVIDENCE_PRIVATE_KEY';
/** Environment variable holding the Ed25519 public key (PEM) that verifies checkpoints. */
export const publicKeyVariable = 'SWITCHYARD_EVIDENCE_PUBLIC_KEY';

/** Where a key comes from: a PEM file, or an environment variable holding the PEM text. Never a record. */
export type KeySource = { readonly file: string } | { readonly env: string };

async function pemFrom(source: KeySource, what: string): Promise<{ pem: string; where: string }> {
  if ('file' in source) {
    try {
      return { pem: await readFile(source.file, 'utf8'), where: source.file };
    } catch (error) {
      throw new SwitchyardError({
        code: errorCodes.CONFIG_UNREADABLE,
        message: `cannot read the ${what} ${source.file}: ${(error as Error).message}`,
        cause: error,
      });
    }
  }
  const pem = process.env[source.env];
  if (pem === undefined || pem.trim() === '') {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `the environment variable ${source.env} holds no ${what} (expected PEM text, e.g. the output of \`switchyard keygen\`)`,
    });
  }
  return { pem, where: `$${source.env}` };
}

function ed25519(key: KeyObject, what: string, where: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `${where}: the ${what} is an ${key.asymmetricKeyType ?? 'unknown'} key; expected an Ed25519 key (\`switchyard keygen\` makes one)`,
    });
  }
  return key;
}

/**
 * Reads the Ed25519 private key that signs checkpoints, from a PEM file or an
 * environment variable (default `SWITCHYARD_EVIDENCE_PRIVATE_KEY`).
 *
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_UNREADABLE` (file) or `SWITCHYARD_CONFIG_INVALID` (empty variable, not PEM, not Ed25519).
 * @example
 * ```ts
 * const privateKey = await readPrivateKey({ env: privateKeyVariable });
 * ```
 */
export async function readPrivateKey(source: KeySource = { env: privateKeyVariable }): Promise<KeyObject> {
  const { pem, where } = await pemFrom(source, 'private key');
  try {
    return ed25519(createPrivateKey(pem), 'private key', where);
  } catch (error) {
    if (SwitchyardError.isInstance(error)) throw error;
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `${where}: not a PEM private key: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/**
 * Reads the Ed25519 public key that verifies checkpoints, from a PEM file or
 * an environment variable (default `SWITCHYARD_EVIDENCE_PUBLIC_KEY`): one PEM
 * block of type `PUBLIC KEY` (SubjectPublicKeyInfo), as `switchyard keygen`
 * writes it. Anything else is refused, saying what it is without quoting it:
 * an empty file, no PEM block, a private key (verifying never needs it), a
 * certificate, a block that does not decode, a key of another type.
 *
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_UNREADABLE` (file) or `SWITCHYARD_CONFIG_INVALID`.
 */
export async function readPublicKey(source: KeySource = { env: publicKeyVariable }): Promise<KeyObject> {
  const { pem, where } = await pemFrom(source, 'public key');
  const notAKey = (found: string, cause?: unknown) =>
    new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `${where}: not an Ed25519 public key: found ${found}; expected ${publicKeyForm}`,
      ...(cause === undefined ? {} : { cause }),
    });
  const problem = publicKeyPemProblem(pem);
  if (problem !== undefined) throw notAKey(problem);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    // OpenSSL's own words (`DECODER routines::unsupported`) say nothing a reader can act on.
    throw notAKey('a PUBLIC KEY block that does not decode (cut short or altered?)', error);
  }
  return ed25519(key, 'public key', where);
}

/** A key's id, as checkpoints name their log: base64url SHA-256 of the public key's SPKI DER encoding. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

/**
 * A new Ed25519 key pair, as PEM (PKCS #8 private, SPKI public).
 *
 * @example
 * ```ts
 * const { privateKeyPem, publicKeyPem } = generateSigningKeys();
 * ```
 */
export function generateSigningKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
