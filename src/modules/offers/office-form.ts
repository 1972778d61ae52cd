import { checkEmail, field, type FormInput, type ValidationIssue } from '../../platform/validation.ts';
import { formatDayLine, parseDayLine, weekdays, type OpeningInterval } from './opening-hours.ts';
import { readText, readUrl, readYesNo, type FormValues } from './form-parsing.ts';
import type { Office, OfficeInput } from './types.ts';

/** Form field of a weekday's opening hours: hours-1 (Monday) … hours-7 (Sunday). */
export const hoursField = (day: number) => `hours-${day}`;

// Digits, spaces and the separators of German numbers (DIN 5008: "05231 62-0", "+49 5231 620").
const phonePattern = /^\+?[0-9][0-9 ()/-]{3,30}$/;

/** Reads the office form; the name's uniqueness within the tenant is checked by the service. */
export function readOfficeForm(body: FormInput | undefined): { input: OfficeInput; values: FormValues; issues: ValidationIssue[] } {
  const values: FormValues = {};
  const issues: ValidationIssue[] = [];
  const name = readText(body, values, issues, 'name', 200, true);
  const street = readText(body, values, issues, 'street', 200, true);
  const postcode = readText(body, values, issues, 'postcode', 5, true);
  if (postcode !== null && !/^\d{5}$/.test(postcode)) issues.push({ field: 'postcode', code: 'invalid_postcode' });
  const city = readText(body, values, issues, 'city', 100, true);
  const openingHours: OpeningInterval[] = [];
  for (const day of weekdays) {
    const line = field(body, hoursField(day));
    values[hoursField(day)] = line;
    const intervals = parseDayLine(day, line.slice(0, 200));
    if (intervals === undefined) issues.push({ field: hoursField(day), code: 'invalid_hours' });
    else openingHours.push(...intervals);
  }
  const openingHoursNote = readText(body, values, issues, 'openingHoursNote', 500);
  const phone = readText(body, values, issues, 'phone', 40);
  if (phone !== null && !phonePattern.test(phone)) issues.push({ field: 'phone', code: 'invalid_phone' });
  const emailText = field(body, 'email');
  values.email = emailText;
  if (emailText !== '') checkEmail(issues, 'email', emailText);
  const website = readUrl(body, values, issues, 'website', false);
  const published = readYesNo(body, values, issues, 'published');
  const demo = readYesNo(body, values, issues, 'demo');
  return {
    input: {
      name: name ?? '',
      street: street ?? '',
      postcode: postcode ?? '',
      city: city ?? '',
      openingHours,
      openingHoursNote,
      phone,
      email: emailText === '' ? null : emailText,
      website,
      published,
      demo,
    },
    values,
    issues,
  };
}

/** The form's strings for an existing office, or for a new one at the tenant's town hall. */
export function officeFormValues(office: Office | undefined, townHall?: { street: string; postcode: string; city: string }): FormValues {
  const values: FormValues = office
    ? {
        name: office.name,
        street: office.street,
        postcode: office.postcode,
        city: office.city,
        openingHoursNote: office.openingHoursNote ?? '',
        phone: office.phone ?? '',
        email: office.email ?? '',
        website: office.website ?? '',
        published: office.published ? 'ja' : 'nein',
        demo: office.demo ? 'ja' : 'nein',
      }
    : { street: townHall?.street ?? '', postcode: townHall?.postcode ?? '', city: townHall?.city ?? '', published: 'ja', demo: 'nein' };
  for (const day of weekdays) values[hoursField(day)] = office ? formatDayLine(office.openingHours, day) : '';
  return values;
}
