// Text into HTML: every string from a report (ARNs, messages, file names) passes through esc(),
// because a resource name or a workspace path is data an attacker may have chosen.
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Shortens a label to n characters, marking the cut. */
export const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
