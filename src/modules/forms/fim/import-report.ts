/**
 * What an import tells besides the definition: what it could not carry over, what the FIM quality
 * checks found, which texts still need an English translation, and what it filled in itself.
 * Paths of FIM elements are their ids from the root (`S00000092/G00000082/F60000227`).
 */
import type { QualityFinding } from './quality-checks.ts';

export type UnmappedEntry = { path: string; what: string; reason: string };
export type GeneratedEntry = { path: string; what: string };

export type ImportReport = {
  standard: 'XDatenfelder 2.0' | 'XDatenfelder 3.0.0';
  /** Message type of the file: 0102 Stammdatenschema, 0103 Datenfeldgruppe, 0104 Datenfeld. */
  message: '0102' | '0103' | '0104';
  unmapped: UnmappedEntry[];
  quality: QualityFinding[];
  /**
   * JSON Pointers into the definition of texts whose English is a copy of the German: FIM has no
   * English texts, and the format needs both, so they are to be translated before publishing.
   */
  untranslated: string[];
  /** What the importer added that the file does not say (defaults, derived ids, wrappers). */
  generated: GeneratedEntry[];
};

export class MappingNotes {
  readonly unmapped: UnmappedEntry[] = [];
  readonly generated: GeneratedEntry[] = [];

  skip(path: string, what: string, reason: string): void {
    this.unmapped.push({ path, what, reason });
  }

  generate(path: string, what: string): void {
    this.generated.push({ path, what });
  }
}
