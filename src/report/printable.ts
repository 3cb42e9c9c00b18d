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

// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g

export interface PrintableOptions {
  /**
   * 'space': a line break becomes a space (Markdown table cells read on); 'keep': a line feed
   * stays (HTML, where it is only white space); default: escaped
   */
  lineBreaks?: 'escape' | 'space' | 'keep'
}

export function printable(s: string, opts: PrintableOptions = {}): string {
  if (opts.lineBreaks === 'keep') return s.replace(CONTROL_BUT_LF, escape)
  return (opts.lineBreaks === 'space' ? s.replace(/\r?\n/g, ' ') : s).replace(CONTROL, escape)
}

// JSON.stringify escapes U+0000–U+001F but leaves DEL and the C1 controls (U+0080–U+009F: CSI
// U+009B starts an escape sequence on many terminals) raw, and U+2028/U+2029 end lines in
// older JavaScript. Outside strings none of them can occur, so escaping them changes no value.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]/g
const JSON_UNSAFE_ONE = /[\u007f-\u009f\u2028\u2029]/

/** Does any string (or key) in `value` hold one of those characters? */
function holdsJsonUnsafe(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const v = pending.pop()
    if (typeof v === 'string') {
      if (JSON_UNSAFE_ONE.test(v)) return true
    } else if (Array.isArray(v)) {
      for (const x of v) pending.push(x)
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (JSON_UNSAFE_ONE.test(k)) return true
        pending.push(x)
      }
    }
  }
  return false
}

/**
 * JSON text (two-space indent) with no raw control character in it: `cat report.json` is safe.
 * The report's strings are searched rather than the text: the text of a large report is built in
 * pieces, and reading it whole would copy it (tens of megabytes) for what most reports lack.
 */
export function printableJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2)
  return holdsJsonUnsafe(value) ? text.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text
}

/** A copy of `value` with every string made printable (keys included). */
export function printableDeep<T>(value: T, opts: PrintableOptions = {}): T {
  if (typeof value === 'string') return printable(value, opts) as T
  if (Array.isArray(value)) return value.map((v) => printableDeep(v, opts)) as T
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k, opts), printableDeep(v, opts)])) as T
}
