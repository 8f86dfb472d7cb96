import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../domain/errors';
import { cliWords } from '../domain/cli-words';
import type { Locale } from '../domain/types';

/** Why a file could not be read or written, in the CLI's words (the system's code otherwise). */
export function fileProblem(err: unknown, locale?: Locale): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words = cliWords(locale).fileProblem;
  switch (code) {
    case 'EPERM':
      return words.EACCES;
    case 'ENOENT':
    case 'EACCES':
    case 'EROFS':
    case 'ENOSPC':
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      return words[code];
    default:
      return code ?? (err as Error).message;
  }
}

/** A file's bytes; FILE_UNREADABLE (with why, in the CLI's words) when it cannot be read. */
export function readInputFile(file: string, locale?: Locale): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new DomainError('FILE_UNREADABLE', { file, reason: fileProblem(err, locale) });
  }
}

/**
 * Writes each file into `dir`, creating it when missing; refuses a `dir` that is a
 * file or cannot be written, before writing anything. Returns the paths written.
 */
export function writeExportFiles(
  dir: string,
  files: { filename: string; body: string | Buffer }[],
  locale?: Locale,
): string[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    if (!isDir) throw new DomainError('OUTPUT_NOT_DIRECTORY', { path: dir });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DomainError('OUTPUT_UNWRITABLE', { path: dir, reason: fileProblem(err, locale) });
  }
  try {
    if (!isDir) mkdirSync(dir, { recursive: true });
    return files.map((f) => {
      const file = path.join(dir, f.filename);
      writeFileSync(file, f.body);
      return file;
    });
  } catch (err) {
    throw new DomainError('OUTPUT_UNWRITABLE', { path: dir, reason: fileProblem(err, locale) });
  }
}
