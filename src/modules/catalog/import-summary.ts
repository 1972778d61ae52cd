import type { CatalogImportResult } from './import-catalog.ts';
import type { TableCounts } from './sync-table.ts';

/** The lines `kreisportal catalog import` prints: what one import run did, table by table. */
export function summariseCatalogImport(result: CatalogImportResult): string {
  const line = (label: string, c: TableCounts) => `  ${label}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.retired} retired\n`;
  return `Catalog import ${result.importId} took ${result.durationMs} ms:\n`
    + line('Themenfelder', result.themenfelder)
    + line('Lebenslagen', result.lebenslagen)
    + line('OZG-Leistungen', result.ozgLeistungen)
    + line('Services', result.services)
    + `  ${result.skippedRows} LeiKa rows skipped (malformed key), ${result.duplicateRows} duplicate rows ignored (first row wins)\n`;
}
