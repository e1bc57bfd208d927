/**
 * A spreadsheet cell as the text a person sees in it: rich text joined, a hyperlink's text, a
 * formula's result, a date as its day (yyyy-mm-dd), and no surrounding spaces. Every import
 * (rosters, residents, returnees, donations) reads cells through this one reading.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown };
    if (Array.isArray(v.richText))
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    return '';
  }
  return String(value).trim();
}
