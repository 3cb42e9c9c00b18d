// `bulkhead fix` (spec §9): the scan, then the plan: the cheapest set of changes after which no
// finding at or above --objective remains, each with its new policy documents, the AWS CLI
// commands a person would run (printed, never run) and the JSON patches against the snapshot.
// --verify applies the printed patches in memory, rescans, and exits 1 if a claimed removal did
// not happen; with --plan FILE it does so for a plan printed earlier (and perhaps edited since).
// Nothing is ever applied to AWS.
import { UsageError } from '../errors.js'
import { loadChecks } from '../checks/registry.js'
import { loadConfig } from '../config/load.js'
import type { FixPlan, Objective } from '../plan/types.js'
import { printable } from '../report/printable.js'
import { planFor, scanInputs, rescanFor, assembleFindings, type ScanOptions } from './scan.js'
import { VERSION } from './version.js'
import { checkWritable, writeOutput } from './write.js'

export interface FixOptions extends Omit<ScanOptions, 'format' | 'failOn' | 'report' | 'compliance'> {
  format: string
  objective: string
  verify?: boolean
  /** verify this plan (the JSON `bulkhead fix --format json` wrote) instead of planning again */
  plan?: string
}

/** A plan written by `bulkhead fix --format json`, read back (one clear line when it is not one). */
async function readPlan(file: string): Promise<FixPlan> {
  const { readJsonFile } = await import('../suppress/json-input.js')
  const { planSchema } = await import('../report/schema.js')
  const schema = { type: 'object', required: ['plan'], properties: { plan: planSchema } }
  return readJsonFile<{ plan: FixPlan }>(file, schema, 'plan (the JSON of bulkhead fix --format json)').plan
}

type Out = { stdout: (s: string) => void; stderr: (s: string) => void }

export async function runFix(opts: FixOptions, out: Out): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format: '${opts.format}' is not available for fix (text or json)`)
  if (opts.objective !== 'critical' && opts.objective !== 'high') throw new UsageError(`--objective: expected critical or high, got '${opts.objective}'`)
  if (!opts.snapshot && !opts.aws && !opts.workspace?.length) throw new UsageError('fix: nothing to plan for: give --snapshot DIR|FILE, --aws, or --workspace DIR')
  if (opts.snapshot && opts.aws) throw new UsageError('fix: give --snapshot or --aws, not both')
  if (opts.plan && !opts.verify) throw new UsageError('--plan: goes with --verify (it checks a plan bulkhead fix --format json wrote)')
  const given = opts.plan ? await readPlan(opts.plan) : undefined
  const objective = given?.objective ?? (opts.objective as Objective)
  const config = loadConfig(opts.config, await loadChecks())
  if (opts.output) checkWritable('--output', opts.output, { paths: [opts.snapshot, opts.config, ...(opts.workspace ?? [])].filter((p): p is string => !!p), dirs: [] })
  const scanned = await scanInputs({ ...opts, format: 'json', failOn: 'none' }, config)
  const findings = await assembleFindings({ ...opts, format: 'json', failOn: 'none' }, scanned)
  if (!given) {
    const { overBudget } = await import('../plan/index.js')
    const over = overBudget(findings, objective)
    if (over) throw new UsageError(`fix: ${over.replace(/^Fix first was not computed: /, 'no plan: ')}`)
  }
  const plan = given ?? await planFor(scanned, findings, objective)
  let verification
  if (opts.verify) {
    const { verifyPlan } = await import('../plan/verify.js')
    verification = verifyPlan(plan, findings, await rescanFor(scanned, findings, objective))
  }
  const source = opts.snapshot ? `snapshot ${opts.snapshot}` : opts.aws ? 'aws' : `workspace ${(opts.workspace ?? []).join(', ')}`
  let text: string
  if (opts.format === 'json') {
    text = `${JSON.stringify({ tool: { name: 'bulkhead', version: VERSION }, source, plan, ...(verification ? { verification } : {}) }, null, 2)}\n`
  } else {
    const { renderPlan } = await import('../report/plan-text.js')
    text = renderPlan(plan, findings, { header: `bulkhead ${VERSION} fix · ${printable(source)} · objective ${objective}`, verification })
  }
  if (opts.output) writeOutput('--output', opts.output, text, { paths: [], dirs: [] })
  else out.stdout(text)
  return verification && !verification.ok ? 1 : 0
}
