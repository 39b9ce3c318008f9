import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SheetRowInput } from '../../app/import-ledger';
import type { LedgerFileType } from '../../domain/ledger/upload';
import { readCsv } from './read-csv';
import { readSheet } from './read';

/** A ledger sheet's rows from uploaded bytes: CSV directly, XLSX through a temporary file (exceljs reads files). */
export async function readRowsFromBytes(bytes: Buffer, contentType: LedgerFileType): Promise<SheetRowInput[]> {
  if (contentType === 'text/csv') return readCsv(bytes).rows;
  const path = join(tmpdir(), `tanfang-upload-${randomUUID()}.xlsx`);
  await writeFile(path, bytes);
  try {
    return (await readSheet(path)).rows;
  } finally {
    await rm(path, { force: true });
  }
}
