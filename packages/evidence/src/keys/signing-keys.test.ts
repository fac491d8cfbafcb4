import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeys, keyId, readPublicKey } from './signing-keys.js';

const expected =
  'expected a PEM block "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo) holding an Ed25519 key, as `switchyard keygen --out PREFIX` writes to PREFIX.pub.pem';

describe('readPublicKey', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchyard-keys-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** The message reading `text` as a public key file fails with. */
  async function refusal(text: string | Buffer): Promise<string> {
    const file = join(folder, 'key.pem');
    await writeFile(file, text);
    const error = await readPublicKey({ file }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    if (error === undefined) throw new Error('expected the file to be refused');
    return error.message.replace(file, 'FILE');
  }

  it('reads the public key switchyard keygen writes', async () => {
    const { publicKeyPem } = generateSigningKeys();
    const file = join(folder, 'evidence.pub.pem');
    await writeFile(file, publicKeyPem);
    expect(keyId(await readPublicKey({ file }))).toMatch(/^[\w-]{43}$/);
  });

  it('says what a file that is not a public key holds, and what was expected', async () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKeys();
    const cut = `${publicKeyPem.split('\n')[0]}\nMCowBQYDK2Vw\n-----END PUBLIC KEY-----\n`;
    expect(await refusal('')).toBe(
      `FILE: not an Ed25519 public key: found nothing (it is empty); ${expected}`,
    );
    expect(await refusal('release notes\n')).toBe(
      `FILE: not an Ed25519 public key: found no PEM block (no "-----BEGIN PUBLIC KEY-----" line); ${expected}`,
    );
    expect(await refusal(privateKeyPem)).toBe(
      `FILE: not an Ed25519 public key: found a private key (a PEM block of type PRIVATE KEY): pass the public key written beside it (PREFIX.pub.pem beside PREFIX.pem); verifying never needs the private key; ${expected}`,
    );
    expect(await refusal(cut)).toBe(
      `FILE: not an Ed25519 public key: found a PUBLIC KEY block that does not decode (cut short or altered?); ${expected}`,
    );
    expect(await refusal(`${publicKeyPem}${publicKeyPem}`)).toBe(
      `FILE: not an Ed25519 public key: found 2 PEM blocks (of types PUBLIC KEY, PUBLIC KEY); expected one; ${expected}`,
    );
  });

  it('says a certificate is one, and how to take its public key', async () => {
    const certificate = [
      '-----BEGIN CERTIFICATE-----',
      'MIIBfzCCATGgAwIBAgIUOp1yFDW3Q9E2x3zYbJ8cFh7wq0AwBQYDK2VwMA0xCzAJ',
      '-----END CERTIFICATE-----',
      '',
    ].join('\n');
    expect(await refusal(certificate)).toBe(
      `FILE: not an Ed25519 public key: found a PEM block of type CERTIFICATE: pass the public key itself (\`openssl x509 -in FILE -pubkey -noout\` prints it); ${expected}`,
    );
  });

  it('never quotes key material', async () => {
    const { privateKeyPem } = generateSigningKeys();
    const body = privateKeyPem.split('\n')[1] as string;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    for (const text of [
      privateKeyPem,
      privateKeyPem.replace('PRIVATE KEY', 'PUBLIC KEY'),
      body,
      rsa.toString(),
    ]) {
      const message = await refusal(text);
      expect(message).not.toContain(body.slice(0, 16));
      expect(message).not.toMatch(/DECODER|routines/);
    }
  });
});
