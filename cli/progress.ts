import type { Writable } from 'node:stream';

/** What a long command says while it works: on stderr only, so stdout stays machine-readable. */
export interface Progress {
  /** One line per step: "reading …", "uploading …". */
  step(text: string): void;
  /** A counter, written at most every `every` items and at the end. */
  count(done: number, total: number): void;
}

export const silent: Progress = { step: () => {}, count: () => {} };

/** Progress on `stderr`, or nothing with `--quiet`. */
export function progressOn(stderr: Writable, quiet: boolean | undefined, label = 'saved', every = 500): Progress {
  if (quiet) return silent;
  let last = -1;
  return {
    step: (text) => stderr.write(`  ${text}\n`),
    count: (done, total) => {
      if (done !== total && last >= 0 && done - last < every) return;
      last = done;
      stderr.write(`  ${label} ${done} / ${total}\n`);
    },
  };
}
