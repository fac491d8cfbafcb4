import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { generateSigningKeys, privateKeyVariable, publicKeyVariable } from '@switchyard/evidence';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { prepareOutputFolder } from '../output-path.js';

/**
 * Registers `switchyard keygen --out PREFIX`: a new Ed25519 key pair for
 * signing checkpoints, `PREFIX.pem` (private, mode 0600) and
 * `PREFIX.pub.pem` (public). It never overwrites a file.
 *
 * @example
 * ```sh
 * switchyard keygen --out secrets/evidence
 * ```
 */
export function registerKeygenCommand(program: Command, output: Output): Command {
  return program
    .command('keygen')
    .description('Make an Ed25519 key pair that signs (private) and verifies (public) record checkpoints')
    .requiredOption('--out <prefix>', 'writes <prefix>.pem (private, 0600) and <prefix>.pub.pem (public)')
    .action(async (options: { out: string }) => {
      const privatePath = `${options.out}.pem`;
      const publicPath = `${options.out}.pub.pem`;
      // A prefix that names a folder (`keys/`, `.`) would write the hidden files keys/.pem and keys/.pub.pem.
      if (/[\\/]$/.test(options.out) || ['.', '..'].includes(basename(options.out))) {
        const example = join(options.out, 'evidence');
        throw new UsageError(
          `--out ${options.out}: names a folder, not a file prefix (it would write the hidden files ${privatePath} and ${publicPath}); expected a prefix such as ${example} (writes ${example}.pem and ${example}.pub.pem)`,
        );
      }
      const { privateKeyPem, publicKeyPem } = generateSigningKeys();
      await prepareOutputFolder({ folder: dirname(privatePath), option: '--out', named: options.out });
      try {
        await writeFile(privatePath, privateKeyPem, { mode: 0o600, flag: 'wx' });
        await writeFile(publicPath, publicKeyPem, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST')
          throw new UsageError(
            `${(error as NodeJS.ErrnoException).path ?? options.out} exists: keygen never overwrites a key; choose another --out`,
          );
        throw error;
      }
      output.stdout(
        `private key: ${privatePath} (keep it secret; give it to the writer as a file or in ${privateKeyVariable})\npublic key: ${publicPath} (give it to whoever verifies: --public-key, or ${publicKeyVariable})\n`,
      );
    });
}
