/**
 * Error texts for the issue codes, German and English, in the GOV.UK style: say what to do
 * ("Geben Sie … ein"), name the field, no blame, no "ungültig" without saying what is valid.
 * Labels are quoted in German (a label cannot be declined into a sentence); in English they are
 * used like GOV.UK does ("Enter date of birth"). `required` has a wording per kind of input.
 */
import { defineMessages } from '../../../platform/i18n/i18n.ts';
import type { IssueCode } from './issues.ts';

export const formMessages = defineMessages({
  de: {
    required: 'Füllen Sie das Feld „{label}“ aus.',
    'required.choose': 'Wählen Sie bei „{label}“ eine Antwort aus.',
    'required.upload': 'Laden Sie bei „{label}“ eine Datei hoch.',
    'required.add': 'Fügen Sie bei „{label}“ mindestens einen Eintrag hinzu.',
    too_short: '„{label}“ muss mindestens {min} Zeichen lang sein.',
    too_long: '„{label}“ darf höchstens {max} Zeichen lang sein.',
    pattern_mismatch: 'Prüfen Sie Ihre Eingabe bei „{label}“.',
    invalid_number: 'Geben Sie bei „{label}“ eine Zahl ein, zum Beispiel 12 oder 2,5.',
    not_integer: 'Geben Sie bei „{label}“ eine ganze Zahl ein.',
    number_too_small: '„{label}“ muss mindestens {min} sein.',
    number_too_large: '„{label}“ darf höchstens {max} sein.',
    invalid_money: 'Geben Sie bei „{label}“ einen Betrag in Euro ein, zum Beispiel 12,50.',
    money_too_small: '„{label}“ muss mindestens {min} betragen.',
    money_too_large: '„{label}“ darf höchstens {max} betragen.',
    invalid_date: 'Geben Sie bei „{label}“ ein echtes Datum ein, zum Beispiel 24.12.2026.',
    date_before_min: 'Das Datum bei „{label}“ muss am {min} oder danach liegen.',
    date_after_max: 'Das Datum bei „{label}“ muss am {max} oder davor liegen.',
    date_in_future: 'Das Datum bei „{label}“ muss heute oder in der Vergangenheit liegen.',
    date_in_past: 'Das Datum bei „{label}“ muss heute oder in der Zukunft liegen.',
    invalid_email: 'Geben Sie eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@beispiel.de.',
    invalid_phone: 'Geben Sie eine Telefonnummer ein, zum Beispiel 0221 123456 oder +49 221 123456.',
    invalid_iban: 'Geben Sie eine IBAN ein, zum Beispiel DE89 3704 0044 0532 0130 00.',
    iban_length: 'Eine IBAN aus {country} hat {length} Zeichen. Prüfen Sie Ihre IBAN.',
    iban_checksum: 'Diese IBAN gibt es nicht. Prüfen Sie, ob Sie sich vertippt haben.',
    invalid_postcode: 'Geben Sie eine Postleitzahl mit 5 Ziffern ein, zum Beispiel 50667.',
    address_street_missing: 'Geben Sie bei „{label}“ die Straße und Hausnummer ein.',
    address_postcode_missing: 'Geben Sie bei „{label}“ die Postleitzahl ein.',
    address_place_missing: 'Geben Sie bei „{label}“ den Ort ein.',
    invalid_option: 'Wählen Sie bei „{label}“ eine der angebotenen Antworten aus.',
    too_few_selected: 'Wählen Sie bei „{label}“ mindestens {min} aus.',
    too_many_selected: 'Wählen Sie bei „{label}“ höchstens {max} aus.',
    too_few_items: 'Geben Sie bei „{label}“ mindestens {min} an.',
    too_many_items: 'Sie können bei „{label}“ höchstens {max} angeben.',
    too_many_files: 'Laden Sie bei „{label}“ höchstens {max} Dateien hoch.',
    unknown_file: 'Die Datei bei „{label}“ ist nicht mehr verfügbar. Laden Sie sie noch einmal hoch.',
    rule_failed: 'Prüfen Sie Ihre Angaben bei „{label}“.',
    item: '{item} {number}: {message}',
  },
  en: {
    required: 'Enter {label}',
    'required.choose': 'Select {label}',
    'required.upload': 'Upload {label}',
    'required.add': 'Add at least one entry for {label}',
    too_short: '{Label} must be {min} characters or more',
    too_long: '{Label} must be {max} characters or less',
    pattern_mismatch: 'Check {label}',
    invalid_number: '{Label} must be a number, like 12 or 2,5',
    not_integer: '{Label} must be a whole number',
    number_too_small: '{Label} must be {min} or more',
    number_too_large: '{Label} must be {max} or less',
    invalid_money: 'Enter {label} as an amount in euros, like 12,50',
    money_too_small: '{Label} must be {min} or more',
    money_too_large: '{Label} must be {max} or less',
    invalid_date: '{Label} must be a real date, like 24.12.2026',
    date_before_min: '{Label} must be the same as or after {min}',
    date_after_max: '{Label} must be the same as or before {max}',
    date_in_future: '{Label} must be today or in the past',
    date_in_past: '{Label} must be today or in the future',
    invalid_email: 'Enter an email address in the correct format, like name@example.com',
    invalid_phone: 'Enter a phone number, like 0221 123456 or +49 221 123456',
    invalid_iban: 'Enter an IBAN, like DE89 3704 0044 0532 0130 00',
    iban_length: 'An IBAN from {country} has {length} characters. Check your IBAN',
    iban_checksum: 'This IBAN does not exist. Check it for typing mistakes',
    invalid_postcode: 'Enter a postcode with 5 digits, like 50667',
    address_street_missing: 'Enter the street and house number of {label}',
    address_postcode_missing: 'Enter the postcode of {label}',
    address_place_missing: 'Enter the town or city of {label}',
    invalid_option: 'Select one of the answers offered for {label}',
    too_few_selected: 'Select at least {min} for {label}',
    too_many_selected: 'Select no more than {max} for {label}',
    too_few_items: 'Add at least {min} for {label}',
    too_many_items: 'You can add no more than {max} for {label}',
    too_many_files: 'Upload no more than {max} files for {label}',
    unknown_file: 'The file for {label} is no longer available. Upload it again',
    rule_failed: 'Check {label}',
    item: '{item} {number}: {message}',
  },
});

/** Compile-time check: every issue code has a text (the English keys are tied to the German ones). */
type MissingTexts = Exclude<IssueCode, keyof typeof formMessages.de>;
const everyCodeHasText: [MissingTexts] extends [never] ? true : MissingTexts = true;
void everyCodeHasText;

/** Words of the check-your-answers summary. */
export const summaryMessages = defineMessages({
  de: { yes: 'Ja', no: 'Nein', item: '{item} {number}' },
  en: { yes: 'Yes', no: 'No', item: '{item} {number}' },
});
