// JSON is the report object verbatim (spec §5); its schema is src/report/schema.ts.
import type { Report } from './model.js'
import { printableJson } from './printable.js'
import type { RenderContext } from './render.js'

export function render(report: Report, _ctx?: RenderContext): string {
  return `${printableJson(report)}\n`
}

/** Reports with more findings than this are written in pieces (one JavaScript string holds at most ~512 MB). */
export const CHUNKED_FINDINGS = 5_000

const PLACEHOLDER = '\u0000findings'

/**
 * The same text as `render`, in pieces: the report around its findings, then each finding, so a
 * report of hundreds of thousands of findings never has to fit in one string.
 */
export function* renderChunks(report: Report): Generator<string> {
  const shell = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, k === 'findings' ? PLACEHOLDER : v]))
  const text = printableJson(shell)
  const at = text.indexOf(JSON.stringify(PLACEHOLDER))
  yield text.slice(0, at)
  if (report.findings.length === 0) yield '[]'
  else {
    yield '[\n'
    for (let i = 0; i < report.findings.length; i++) {
      yield `    ${printableJson(report.findings[i]).replace(/\n/g, '\n    ')}${i < report.findings.length - 1 ? ',' : ''}\n`
    }
    yield '  ]'
  }
  yield `${text.slice(at + JSON.stringify(PLACEHOLDER).length)}\n`
}
