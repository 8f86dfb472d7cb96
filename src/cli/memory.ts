import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, now. A long import allocates far faster than V8 chooses to collect
 * (it lets the heap grow towards its limit, some gigabytes here); collecting between batches
 * keeps the process's peak memory near what the import really holds, for a few milliseconds
 * per batch. Node exposes `gc` only behind a flag: the flag is set and the function taken once.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
