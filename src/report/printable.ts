// Report data is partly chosen by others: workspace file names, resource names and tags,
// AWS error messages. In the formats people read in a terminal, a control character in that
// data (an escape sequence, a carriage return, a line break) could repaint the screen or forge a
// line such as "No findings.": each is shown as a visible \xNN escape instead.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

const escape = (c: string): string => {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
  return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
}

export interface PrintableOptions {
  /** 'space': a line break becomes a space (Markdown table cells read on); default: escaped */
  lineBreaks?: 'escape' | 'space'
}

export function printable(s: string, opts: PrintableOptions = {}): string {
  return (opts.lineBreaks === 'space' ? s.replace(/\r?\n/g, ' ') : s).replace(CONTROL, escape)
}

/** A copy of `value` with every string made printable (keys included). */
export function printableDeep<T>(value: T, opts: PrintableOptions = {}): T {
  if (typeof value === 'string') return printable(value, opts) as T
  if (Array.isArray(value)) return value.map((v) => printableDeep(v, opts)) as T
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k, opts), printableDeep(v, opts)])) as T
}
