import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Node ESM loader hooks that run the repo's TypeScript sources as they are (no build step): `#lib`
 * aliases (package.json "imports") go to their sources as in jest.config.js, `./x.js` finds `./x.ts`, and each
 * .ts file is transpiled on load (types are checked by tsc elsewhere, not here).
 */
export const HOOKS = `
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js')).href)};

const root = ${JSON.stringify(REPO_ROOT)};
// Every #name import of package.json points into dist/: its source is the same path under the root, in .ts.
const imports = JSON.parse(readFileSync(root + '/package.json', 'utf8')).imports;

export async function resolve(specifier, context, next) {
  const built = imports[specifier];
  if (built) return { url: pathToFileURL(root + '/' + built.replace(/^\\.\\/dist\\//, '').replace(/\\.js$/, '.ts')).href, shortCircuit: true };
  if (context.parentURL?.endsWith('.ts') && /^\\.{1,2}\\//.test(specifier) && specifier.endsWith('.js')) {
    const source = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(source))) return { url: source.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
`;

export const REGISTER = `
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`;

