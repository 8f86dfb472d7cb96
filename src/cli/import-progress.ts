import { Presets, SingleBar } from 'cli-progress';
import type { ImportPhase, ImportProgress } from '../app/import-agrements';
import { collectGarbage } from './memory';
import { cliWords, type CliWords } from '../domain/cli-words';
import type { Locale } from '../domain/types';

/** The resident memory (bytes) above which an import collects garbage between batches. */
const MEMORY_CEILING = 300 * 1024 * 1024;

function amount(p: ImportProgress, w: CliWords['progress']): string {
  if (p.unit === 'rows') return w.lines(p.total, p.total.toLocaleString(w.numberLocale));
  return p.total >= 1_048_576
    ? w.megabytes(
        (p.total / 1_048_576).toLocaleString(w.numberLocale, { maximumFractionDigits: 1 }),
      )
    : w.kilobytes(Math.max(1, Math.round(p.total / 1024)).toLocaleString(w.numberLocale));
}

/**
 * Shows the progress of an import, phase by phase: on a terminal a bar per phase (redrawn in
 * place); elsewhere (a log, a pipe) one line when a phase ends, with its duration.
 */
export function importProgress(o: {
  isTTY: boolean;
  stream: NodeJS.WriteStream;
  line: (text: string) => void;
  /** The CLI's language (French by default). */
  locale?: Locale;
}): { onProgress: (p: ImportProgress) => void; stop: () => void } {
  const w = cliWords(o.locale).progress;
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
        w.phaseDone(
          w.phases[phase],
          amount(last, w),
          seconds.toLocaleString(w.numberLocale, { maximumFractionDigits: 1 }),
        ),
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
              format: `${w.phases[p.phase].padEnd(26)} {bar} {percentage} % | {value}/{total}${p.unit === 'bytes' ? w.bytes : ''}`,
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
