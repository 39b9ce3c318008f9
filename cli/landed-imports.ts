import { readRowsFromBytes } from '../shared/adapters/ledger-files/read-bytes';
import { importLandedFile } from '../shared/app/import-upload';
import type { LandedFile, UploadImportDeps } from '../shared/app/import-upload';

/**
 * The local stand-in for the uploads bucket's event and the import-ledger function: a file
 * `tanfang serve` keeps is imported in the same process, by the same use case, after the PUT
 * is answered (as in AWS, where the client polls the upload's status). `settled()` lets a
 * test wait for the imports started so far instead of sleeping.
 */
export function inProcessImports(deps: Omit<UploadImportDeps, 'readRows'>, onError: (error: unknown) => void = () => {}) {
  const running = new Set<Promise<void>>();
  return {
    landed(file: LandedFile): void {
      const run: Promise<void> = importLandedFile({ ...deps, readRows: readRowsFromBytes }, file).then(
        () => undefined,
        // The claim goes stale and a later event would retry; locally the office starts a new upload.
        (error: unknown) => onError(error),
      );
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
