import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** A child Node process running TypeScript sources, with everything it wrote. */
export interface SourceProcess {
  child: ChildProcess;
  /** Everything the process wrote (stdout and stderr), for assertions and for a failing test's message. */
  output(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * A temporary folder with the loader hooks (and any files of the caller's), written on first use, from
 * which child Node processes run the repo's TypeScript sources as production runs the built apps.
 */
export class TsLauncher {
  private dir: string | undefined;

  constructor(
    private readonly name: string,
    private readonly files: Readonly<Record<string, string>> = {},
  ) {}

  /** The folder; `file` names one of the files given to the constructor. */
  path(file?: string): string {
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), `wushe-${this.name}-launcher-`));
      for (const [name, text] of Object.entries({ 'hooks.mjs': HOOKS, 'register.mjs': REGISTER, ...this.files })) writeFileSync(join(this.dir, name), text);
    }
    return file ? join(this.dir, file) : this.dir;
  }

  /** Runs `entry` (a path) in its own Node process through the hooks; PATH is kept, the rest of the environment is `env`. */
  spawn(entry: string, env: Record<string, string>): SourceProcess {
    const child = spawn(process.execPath, ['--import', pathToFileURL(this.path('register.mjs')).href, entry], {
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

  /** Deletes the folder; call in afterAll of a spec that spawned processes. */
  remove(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/**
 * Resolves once the process wrote `marker`; throws with its output when it exits first or the time
 * runs out (then it is killed).
 */
export async function waitForOutput(
  running: SourceProcess,
  marker: string,
  timeoutMs: number,
  failures: { exited: string; timedOut: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.output().includes(marker)) {
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${failures.exited}:\n${running.output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${failures.timedOut}:\n${running.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
