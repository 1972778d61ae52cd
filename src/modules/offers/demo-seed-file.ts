import fs from 'node:fs';
import path from 'node:path';
import { parseDayLine, weekdays, type OpeningInterval } from './opening-hours.ts';

/** The demo data shipped with the application (see seeds/DEMO-DATA.md). */
export const defaultDemoOffersFile = path.resolve(import.meta.dirname, '..', '..', '..', 'seeds', 'demo-offers.json');

/** Which tenants an entry is for: every municipality, the district, or tenants by slug ("district" allowed in the list). */
export type Targets = 'municipalities' | 'district' | string[];

export type DemoOffice = { code: string; for: Targets; name: string; hours: Record<string, string>; note?: string };

export type DemoOffer = {
  for: Targets;
  serviceKey: string;
  office: string;
  feeCents: number | null;
  feeText?: string;
  processingTimeText?: string;
  processingDays?: number | null;
  requiredDocuments?: string[];
  onlineAvailable: boolean;
  onlineUrl?: string;
  maturityLevel?: number;
};

export type DemoRule = {
  serviceKey: string;
  responsible: 'district' | 'self';
  municipalities: 'all' | string[] | { except: string[] };
  legalBasis: string;
  /** True where the competence is not certain (shown as Beispieldaten); rules that cite the law are not demo. */
  demo?: boolean;
};

export type DemoOffersFile = {
  maturityModel: string;
  websites: Record<string, string>;
  offices: DemoOffice[];
  offers: DemoOffer[];
  rules: DemoRule[];
};

export class DemoOffersFileError extends Error {
  override name = 'DemoOffersFileError';
}

/** Reads the demo file and checks what the database would otherwise refuse less clearly. */
export function readDemoOffersFile(file: string): DemoOffersFile {
  let data: DemoOffersFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoOffersFile;
  } catch (error) {
    throw new DemoOffersFileError(`Cannot read the demo offers file ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(data.offices) || !Array.isArray(data.offers) || !Array.isArray(data.rules) || typeof data.maturityModel !== 'string') {
    throw new DemoOffersFileError(`${file} needs maturityModel, offices, offers and rules`);
  }
  for (const office of data.offices) openingHoursOf(office);
  for (const offer of data.offers) {
    if (!data.offices.some((office) => office.code === offer.office)) {
      throw new DemoOffersFileError(`Offer ${offer.serviceKey} names the unknown office "${offer.office}"`);
    }
  }
  return data;
}

/** The intervals of a demo office's hours ({"1": "08:00-12:30, 14:00-16:00", …}). */
export function openingHoursOf(office: DemoOffice): OpeningInterval[] {
  const intervals: OpeningInterval[] = [];
  for (const day of weekdays) {
    const parsed = parseDayLine(day, office.hours[String(day)] ?? '');
    if (!parsed) throw new DemoOffersFileError(`Office "${office.code}" has unreadable hours for day ${day}`);
    intervals.push(...parsed);
  }
  return intervals;
}
