// JSON is the report object verbatim (spec §5); its schema is src/report/schema.ts.
import type { Report } from './model.js'
import { printableJson } from './printable.js'
import type { RenderContext } from './render.js'

export function render(report: Report, _ctx?: RenderContext): string {
  return `${printableJson(report)}\n`
}
