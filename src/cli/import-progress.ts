import { Presets, SingleBar } from 'cli-progress';
import type { ImportPhase, ImportProgress } from '../app/import-agrements';
import { collectGarbage } from './memory';

const PHASE_LABELS: Record<ImportPhase, string> = {
  read: 'Lecture du fichier',
  check: 'Vérification',
  write: 'Écriture',
  plan: 'Rappels de renouvellement',
};

/** The resident memory (bytes) above which an import collects garbage between batches. */
const MEMORY_CEILING = 300 * 1024 * 1024;

const number = (n: number) => n.toLocaleString('fr-FR');

function amount(p: ImportProgress): string {
  if (p.unit === 'rows') return `${number(p.total)} ${p.total > 1 ? 'lignes' : 'ligne'}`;
  return p.total >= 1_048_576
    ? `${(p.total / 1_048_576).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`
    : `${Math.max(1, Math.round(p.total / 1024)).toLocaleString('fr-FR')} Ko`;
}

/**
 * Shows the progress of an import, phase by phase: on a terminal a bar per phase (redrawn in
 * place); elsewhere (a log, a pipe) one line when a phase ends, with its duration.
 */
export function importProgress(o: {
  isTTY: boolean;
  stream: NodeJS.WriteStream;
  line: (text: string) => void;
}): { onProgress: (p: ImportProgress) => void; stop: () => void } {
  let phase: ImportPhase | null = null;
  let started = 0;
  let last: ImportProgress | null = null;
  let bar: SingleBar | null = null;
  const end = () => {
    if (!phase || !last) return;
    if (bar) {
      bar.update(last.total);
      bar.stop();
      bar = null;
    } else {
      const seconds = (performance.now() - started) / 1000;
      o.line(
        `${PHASE_LABELS[phase]} : ${amount(last)} en ${seconds.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s.`,
      );
    }
    phase = null;
  };
  // Past MEMORY_CEILING, memory is collected at the next batch or megabyte read: the peak stays
  // bounded, and an import that holds little never pays for a collection.
  let collectedAt = 0;
  const collect = (p: ImportProgress) => {
    const step = p.unit === 'rows' ? p.done !== collectedAt : p.done - collectedAt >= 1_048_576;
    if (step && process.memoryUsage.rss() > MEMORY_CEILING) {
      collectedAt = p.done;
      collectGarbage();
    }
  };
  return {
    onProgress(p) {
      if (p.phase !== phase) collectedAt = 0;
      collect(p);
      if (p.phase !== phase) {
        end();
        phase = p.phase;
        started = performance.now();
        if (o.isTTY) {
          bar = new SingleBar(
            {
              format: `${PHASE_LABELS[p.phase].padEnd(26)} {bar} {percentage} % | {value}/{total}${p.unit === 'bytes' ? ' octets' : ''}`,
              stream: o.stream,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(Math.max(p.total, 1), 0);
        }
      }
      last = p;
      bar?.update(Math.min(p.done, Math.max(p.total, 1)));
    },
    stop: end,
  };
}
