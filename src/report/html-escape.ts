// Text into HTML: every string from a report (ARNs, messages, file names) passes through esc(),
// because a resource name or a workspace path is data an attacker may have chosen. Control
// characters become visible escapes as in text: `cat report.html` must not run an escape
// sequence either (a line feed stays: in HTML it is white space).
import { printable } from './printable.js'

export function esc(s: string): string {
  return printable(s, { lineBreaks: 'keep' }).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Shortens a label to n characters, marking the cut. */
export const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
