/**
 * Kazakhstan's 12-digit identification numbers: the IIN of a person (ЖСН/ИИН) and the BIN of an
 * organization (БСН/БИН). Both end in a check digit computed the same way (the rules approved by
 * Government Decree No. 406 of 2007): the first eleven digits weighted 1..11, modulo 11; a result
 * of 10 is recomputed with the weights 3..11, 1, 2; a second 10 means the number is never issued.
 */
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first eleven digits, or null when no digit can close them. */
export function kzCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) return null;
  const digits = [...first11].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, digit, i) => sum + digit * weights[i], 0) % 11;
  const first = weighted(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

const hasValidCheckDigit = (value: string): boolean => /^\d{12}$/.test(value) && kzCheckDigit(value.slice(0, 11)) === Number(value[11]);

/**
 * An IIN: birth date YYMMDD, then the century and sex digit (1–6; 0 for numbers issued without
 * them), four digits of registration and the check digit.
 */
export function isIin(value: string): boolean {
  if (!hasValidCheckDigit(value)) return false;
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && Number(value[6]) <= 6;
}

/**
 * A BIN: year and month of registration YYMM, the kind (4 resident legal entity, 5 non-resident,
 * 6 individual entrepreneur in joint business), the unit (0 head office, 1 branch,
 * 2 representative office, 3 peasant farm), five digits of registration and the check digit.
 */
export function isBin(value: string): boolean {
  if (!hasValidCheckDigit(value)) return false;
  const month = Number(value.slice(2, 4));
  return month >= 1 && month <= 12 && '456'.includes(value[4]) && '0123'.includes(value[5]);
}
