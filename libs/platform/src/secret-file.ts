import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret kept beside the data (the vault master key, the embedded issuer's signing key): read it,
 * or generate it once. Written whole under a temporary name (mode 0600), then linked into place
 * exclusively: two processes starting on an empty folder end up with the same secret, and a crash
 * never leaves half of one.
 */
export const secretFile = (file: string, generate: () => string): string => {
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, generate(), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  return readFileSync(file, 'utf8');
};
