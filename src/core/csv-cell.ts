// CSV text cells that are safe to open in a spreadsheet. Tensor and layer names come from the files
// people drop; a name such as =HYPERLINK(...) would run as a formula. A text cell that starts with
// = + - @ tab or CR gets a leading apostrophe (the OWASP advice; spreadsheets show it as text) and
// is quoted; reading it back drops that apostrophe again.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV text field: formula-escaped, and quoted when it holds a comma, quote or line break. */
export function csvText(text: string): string {
  const escaped = FORMULA_START.test(text) ? `'${text}` : text;
  return escaped !== text || /[",\r\n]/.test(escaped) ? `"${escaped.replace(/"/g, '""')}"` : escaped;
}

/** The text a csvText field was written from (its formula escape removed). */
export function csvTextValue(field: string): string {
  return field.startsWith("'") && FORMULA_START.test(field.slice(1)) ? field.slice(1) : field;
}
