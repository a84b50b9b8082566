import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Node ESM loader hooks that run the repo's TypeScript sources as they are (no build step): `#lib`
 * aliases go to libs/<name>/src/index.ts as in jest.config.js, `./x.js` finds `./x.ts`, and each
 * .ts file is transpiled on load (types are checked by tsc elsewhere, not here).
 */
const HOOKS = `
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js')).href)};

const root = ${JSON.stringify(REPO_ROOT)};
const alias = /^#(domain|event-store|read-models|matching|messaging|platform)$/;

export async function resolve(specifier, context, next) {
  const lib = alias.exec(specifier);
  if (lib) return { url: pathToFileURL(root + '/libs/' + lib[1] + '/src/index.ts').href, shortCircuit: true };
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

const REGISTER = `
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`;

const ENTRY = `
const { runRelayProcess } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'libs', 'messaging', 'src', 'relay', 'run-relay.ts')).href)});
await runRelayProcess(process.env);
process.stderr.write('relay process started\\n');
`;

let launcherDir: string | undefined;

const launcher = (): string => {
  if (!launcherDir) {
    launcherDir = mkdtempSync(join(tmpdir(), 'wushe-relay-launcher-'));
    writeFileSync(join(launcherDir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(launcherDir, 'register.mjs'), REGISTER);
    writeFileSync(join(launcherDir, 'relay-main.mjs'), ENTRY);
  }
  return launcherDir;
};

/** Deletes the generated launcher; call in afterAll of a spec that spawned relay processes. */
export function removeRelayLauncher(): void {
  if (launcherDir) rmSync(launcherDir, { recursive: true, force: true });
  launcherDir = undefined;
}

export interface RelayProcess {
  child: ChildProcess;
  /** Everything the process wrote, for assertions and for a failing test's message. */
  output(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `runRelayProcess(env)` from libs/messaging in its own Node process, as apps/relay would. */
export function spawnRelayProcess(env: Record<string, string>): RelayProcess {
  const dir = launcher();
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'relay-main.mjs')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}
