// `bulkhead baseline --from REPORT.json --out FILE`: accept today's findings, fail only on new ones.
import { existsSync, realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from '../errors.js'
import type { Report } from '../report/model.js'
import { reportSchema } from '../report/schema.js'
import { createBaseline } from '../suppress/baseline.js'
import { readJsonFile } from '../suppress/json-input.js'
import { checkWritable, writeOutput } from './write.js'

export interface BaselineArgs {
  from: string
  out: string
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p))
  return real(a) === real(b)
}

export async function runBaseline(args: BaselineArgs, stderr: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  if (samePath(args.from, args.out)) {
    throw new UsageError(`--out ${args.out} is the report given to --from: write the baseline to another file`)
  }
  checkWritable('--out', args.out)
  const report = readJsonFile<Report>(args.from, reportSchema, 'bulkhead JSON report (bulkhead scan --format json)')
  const baseline = createBaseline(report)
  writeOutput('--out', args.out, `${JSON.stringify(baseline, null, 2)}\n`)
  const left = report.findings.filter((f) => f.suppressed?.kind === 'suppression').length
  stderr(
    `baseline: ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} accepted into ${args.out}` +
      (left ? ` (${left} covered by suppressions left out: they keep their own expiry)` : ''),
  )
  return 0
}
