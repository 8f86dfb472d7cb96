import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../domain/errors';

/** Why a file could not be read or written, in French (the system's code otherwise). */
export function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'ce fichier ou ce dossier n’existe pas';
    case 'EACCES':
    case 'EPERM':
      return 'accès refusé (droits insuffisants)';
    case 'EROFS':
      return 'le disque est en lecture seule';
    case 'ENOSPC':
      return 'le disque est plein';
    case 'ENOTDIR':
      return 'un élément du chemin est un fichier, pas un dossier';
    case 'EISDIR':
      return 'c’est un dossier, pas un fichier';
    case 'EEXIST':
      return 'un fichier porte déjà ce nom';
    default:
      return code ?? (err as Error).message;
  }
}

/** A file's bytes; FILE_UNREADABLE (with why, in French) when it cannot be read. */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new DomainError('FILE_UNREADABLE', { file, reason: fileProblem(err) });
  }
}

/**
 * Writes each file into `dir`, creating it when missing; refuses in French a `dir` that is a
 * file or cannot be written, before writing anything. Returns the paths written.
 */
export function writeExportFiles(
  dir: string,
  files: { filename: string; body: string | Buffer }[],
): string[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    if (!isDir) throw new DomainError('OUTPUT_NOT_DIRECTORY', { path: dir });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DomainError('OUTPUT_UNWRITABLE', { path: dir, reason: fileProblem(err) });
  }
  try {
    if (!isDir) mkdirSync(dir, { recursive: true });
    return files.map((f) => {
      const file = path.join(dir, f.filename);
      writeFileSync(file, f.body);
      return file;
    });
  } catch (err) {
    throw new DomainError('OUTPUT_UNWRITABLE', { path: dir, reason: fileProblem(err) });
  }
}
