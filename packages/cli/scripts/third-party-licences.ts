// The licences of the third-party packages the CLI's bundle carries, gathered from its esbuild metafile:
// their code ships inside the bundle, so their notices ship beside it.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareText } from '@switchyard/core';
import type { Metafile } from 'esbuild';

/** A package folder inside node_modules: `.../node_modules/<name>` or `.../node_modules/@scope/<name>`. */
const packageFolder = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//;

/**
 * One Markdown document with the name, version, licence and licence text of
 * every package under node_modules that `metafile` bundled (in name order).
 *
 * @param options.metafile the bundle's esbuild metafile.
 * @param options.workingDirectory the folder the metafile's input paths are relative to.
 * @returns the document.
 * @throws {Error} when a bundled package has no licence field and no licence file.
 * @example
 * ```ts
 * const { metafile } = await build({ metafile: true, bundle: true });
 * await writeFile('dist/bundle/THIRD-PARTY-LICENCES.md', await thirdPartyLicences({ metafile, workingDirectory: '.' }));
 * ```
 */
export async function thirdPartyLicences({
  metafile,
  workingDirectory,
}: {
  metafile: Metafile;
  workingDirectory: string;
}): Promise<string> {
  const folders = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = packageFolder.exec(input.split('\\').join('/'));
    if (match?.[1] !== undefined) folders.add(resolve(workingDirectory, match[1]));
  }
  const sections: { name: string; text: string }[] = [];
  for (const folder of folders) {
    const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const licenceFile = (await readdir(folder)).find((file) => /^(licen[cs]e|copying)/i.test(file));
    const text =
      licenceFile === undefined ? undefined : (await readFile(join(folder, licenceFile), 'utf8')).trim();
    if (manifest.license === undefined && text === undefined) {
      throw new Error(
        `${manifest.name}@${manifest.version} (${folder}) has no licence field and no licence file`,
      );
    }
    sections.push({
      name: manifest.name,
      text: [
        `## ${manifest.name}@${manifest.version}`,
        '',
        `Licence: ${manifest.license ?? 'see below'}`,
        ...(text === undefined ? [] : ['', '```text', text, '```']),
      ].join('\n'),
    });
  }
  sections.sort((a, b) => compareText(a.name, b.name));
  return [
    '# Third-party licences',
    '',
    'The `switchyard` command (dist/bundle) carries the code of these packages.',
    '',
    ...sections.map((section) => `${section.text}\n`),
  ].join('\n');
}
