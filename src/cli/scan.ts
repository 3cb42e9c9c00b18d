// `bulkhead scan`: collect → normalize → run checks → score → render. The only place that wires
// the stages together; each stage stays pure and testable on its own.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Check, Severity } from '../checks/define.js'
import { loadChecks, selectChecks } from '../checks/registry.js'
import { runChecks, type RunResult } from '../checks/run.js'
import { loadConfig, type BulkheadConfig } from '../config/load.js'
import { UsageError } from '../errors.js'
import { createIamEngine } from '../iam/index.js'
import { normalize } from '../inventory/normalize.js'
import type { Inventory, InventoryPart } from '../inventory/types.js'
import { buildReport } from '../report/build.js'
import { printable } from '../report/printable.js'
import type { Report } from '../report/model.js'
import { isReportFormat, loadReporter, toCheckMeta, type ReportFormat } from '../report/render.js'
import { verdict, type FailOn } from '../report/verdict.js'
import { openSnapshot, readSnapshot, type RawSnapshot } from '../snapshot/read.js'
import { parseRegions } from './main.js'
import { VERSION } from './version.js'
import { checkDistinct, checkWritable, writeOutput, type Inputs } from './write.js'

export interface ScanOptions {
  snapshot?: string
  aws?: boolean
  profile?: string
  regions?: string
  org?: boolean
  assumeRole?: string
  concurrency?: number
  verbose?: boolean
  quiet?: boolean
  allowPartial?: boolean
  workspace?: string[]
  config?: string
  format: string
  output?: string
  report?: string[]
  failOn: FailOn
  checks?: string[]
  skipChecks?: string[]
  baseline?: string
  compliance?: string
  color: boolean
}

type Out = { stdout: (s: string) => void; stderr: (s: string) => void }

/** Parts a lone authorization-details file can answer; checks needing more are skipped. */
const IAM_ONLY: InventoryPart[] = ['iam', 'organizations', 'workspace']

export async function runScan(opts: ScanOptions, out: Out): Promise<number> {
  const targets = parseTargets(opts)
  const allChecks = await loadChecks()
  const config = loadConfig(opts.config, allChecks)
  const inputs = inputsOf(opts, config)
  const outputs = [...(opts.output ? [{ flag: '--output', file: opts.output }] : []), ...targets.reports.map((r) => ({ flag: '--report', file: r.file }))]
  for (const o of outputs) checkWritable(o.flag, o.file, inputs)
  checkDistinct(outputs)
  const disabled = Object.entries(config.checks).filter(([, c]) => c.enabled === false).map(([id]) => id)
  let checks = selectChecks(allChecks, opts.checks, opts.skipChecks, disabled)
  // agent-credential-reach judges this machine's credentials, which only agent-check and reach read
  const agentOnly = checks.filter((c) => c.needs.includes('agentCredentials'))
  if (opts.checks?.length && agentOnly.length) throw new UsageError(`--checks: ${agentOnly.map((c) => c.id).join(', ')} runs under 'bulkhead agent-check', which reads the credentials of this machine; scan never does`)
  checks = checks.filter((c) => !agentOnly.includes(c))
  // An empty selection would be a green report of nothing: `--checks "$UNSET_VAR"` in CI.
  if (opts.checks?.length === 0) throw new UsageError("--checks: no check ids given (see 'bulkhead checks')")
  if (checks.length === 0) throw new UsageError('no check left to run after --checks, --skip-checks and the checks the config disables')
  const preSkipped: { checkId: string; reason: string }[] = []

  let apiCalls: number | undefined
  let inventory: Inventory
  if (opts.snapshot || opts.aws) {
    let raw: RawSnapshot
    if (opts.snapshot) {
      raw = openSnapshot(opts.snapshot)
    } else {
      const { collectLive } = await import('../collect/index.js')
      const parts = partsOf(checks)
      const live = await collectLive({
        ...(opts.profile ? { profile: opts.profile } : {}),
        regions: parseRegions(opts.regions) ?? ['us-east-1'],
        org: !!opts.org, assumeRole: opts.assumeRole, concurrency: opts.concurrency,
        verbose: !!opts.verbose, quiet: !!opts.quiet, ...(parts ? { parts } : {}),
      })
      apiCalls = live.apiCalls
      raw = readSnapshot(live.source, parts ? { parts } : {})
    }
    inventory = normalize(raw, { environments: config.environments, breakGlass: config.breakGlass, kind: opts.aws ? 'aws' : 'snapshot' })
    if (raw.mode === 'authorization-details') {
      checks = keepOnly(checks, IAM_ONLY, 'a lone authorization-details file holds IAM data only', preSkipped)
    }
  } else {
    inventory = emptyInventory()
    checks = keepOnly(checks, ['workspace'], 'no cloud data given (--snapshot or --aws)', preSkipped)
  }
  if (opts.workspace?.length) {
    const { scanWorkspace } = await import('../workspace/index.js')
    inventory.workspace = scanWorkspace(opts.workspace, config.workspace)
  }

  const run = runChecks(checks, inventory, { options: optionsFrom(config), iam: () => createIamEngine(inventory) })
  const result: RunResult = { ...run, skipped: [...preSkipped, ...run.skipped], checksSkipped: run.checksSkipped + preSkipped.length }
  const report = await assemble(opts, config, inventory, result, checks, allChecks, apiCalls)

  for (const w of report.warnings ?? []) out.stderr(`bulkhead: warning: ${printable(w)}\n`)
  const ctxChecks = checks.map(toCheckMeta)
  const main = await loadReporter(targets.format)
  const color = opts.color && !opts.output && !process.env.NO_COLOR && !!process.stdout.isTTY
  // a large JSON report is written in pieces; any other format too large for one string says so
  const { CHUNKED_FINDINGS, renderChunks } = await import('../report/json.js')
  const rendered = (format: ReportFormat, render: typeof main, c: boolean): string | Iterable<string> => {
    if (format === 'json' && report.findings.length > CHUNKED_FINDINGS) return renderChunks(report)
    try {
      return render(report, { color: c, checks: ctxChecks })
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`--format ${format}: the report of ${report.findings.length} findings is too large to render in this format; use --format json (written in pieces), or scan fewer accounts or checks`)
      throw err
    }
  }
  const text = rendered(targets.format, main, color)
  if (opts.output) writeOutput('--output', opts.output, text, inputs)
  else for (const piece of typeof text === 'string' ? [text] : text) out.stdout(piece)
  for (const { format, file } of targets.reports) {
    const render = await loadReporter(format)
    writeOutput('--report', file, rendered(format, render, false), inputs)
  }
  return verdict(report, opts.failOn, !!opts.allowPartial)
}

async function assemble(opts: ScanOptions, config: BulkheadConfig, inventory: Inventory, run: RunResult, checks: Check[], allChecks: Check[], apiCalls?: number): Promise<Report> {
  let baseline
  if (opts.baseline) {
    const { readBaseline } = await import('../suppress/baseline.js')
    baseline = { baseline: readBaseline(opts.baseline), file: opts.baseline }
  }
  const report = buildReport({
    inventory, run, checksRun: checks.map((c) => c.id), knownChecks: allChecks.map((c) => c.id), version: VERSION, generatedAt: new Date().toISOString(),
    suppressions: config.suppressions, ...(baseline ? { baseline } : {}), ...(apiCalls !== undefined ? { apiCalls } : {}),
    ...(run.notes ? { warnings: run.notes } : {}),
  })
  if (opts.compliance) {
    const { complianceSection } = await import('../report/compliance.js')
    report.compliance = complianceSection(report, checks, opts.compliance as Parameters<typeof complianceSection>[2])
  }
  return report
}

function parseTargets(opts: ScanOptions): { format: ReportFormat; reports: { format: ReportFormat; file: string }[] } {
  const sources = [opts.snapshot ? '--snapshot' : '', opts.aws ? '--aws' : ''].filter(Boolean)
  if (sources.length > 1) throw new UsageError('scan: give --snapshot or --aws, not both')
  if (sources.length === 0 && !opts.workspace?.length) throw new UsageError('scan: nothing to scan: give --snapshot DIR|FILE, --aws, or --workspace DIR')
  if (!opts.aws && (opts.org || opts.profile)) throw new UsageError('scan: --org and --profile go with --aws')
  if (!isReportFormat(opts.format)) throw new UsageError(`--format: '${opts.format}' is not available`)
  const reports = (opts.report ?? []).map((spec) => {
    const m = /^([a-z]+)=(.+)$/.exec(spec)
    if (!m) throw new UsageError(`--report: expected FORMAT=FILE (e.g. sarif=bulkhead.sarif), got '${spec}'`)
    if (!isReportFormat(m[1])) throw new UsageError(`--report: unknown format '${m[1]}'`)
    return { format: m[1], file: m[2] }
  })
  return { format: opts.format, reports }
}

/**
 * What a live scan collects: the union of the selected checks' needs (CloudSploit's `apis`), and
 * the organization (with --org), whose tags classify every account and whose SCPs bound every
 * permission. Workspace checks map a token to its principal and what it can destroy through
 * whatever the inventory holds, so a selection with one of them collects everything (undefined).
 */
export function partsOf(checks: readonly Check[]): InventoryPart[] | undefined {
  if (checks.some((c) => c.needs.includes('workspace'))) return undefined
  return [...new Set<InventoryPart>(['organizations', ...checks.flatMap((c) => c.needs)])].sort()
}

function keepOnly(checks: Check[], parts: InventoryPart[], reason: string, skipped: { checkId: string; reason: string }[]): Check[] {
  return checks.filter((c) => {
    const ok = c.needs.every((n) => parts.includes(n))
    if (!ok) skipped.push({ checkId: c.id, reason })
    return ok
  })
}

function optionsFrom(config: BulkheadConfig): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(config.checks).map(([id, { enabled: _e, ...rest }]) => [id, rest]))
}

/** What a report must never be written over: every path given as input, and every file of the
 * snapshot directory (a report over snapshot.json would destroy the snapshot). */
function inputsOf(opts: ScanOptions, config: BulkheadConfig): Inputs {
  const paths = [opts.snapshot, opts.config ?? config.file, opts.baseline, ...(opts.workspace ?? [])].filter((p): p is string => !!p)
  const snapshotDir = !opts.snapshot ? undefined
    : existsSync(opts.snapshot) && statSync(opts.snapshot).isDirectory() ? opts.snapshot
      : basename(opts.snapshot) === 'snapshot.json' ? dirname(opts.snapshot) : undefined
  return { paths, dirs: snapshotDir ? [snapshotDir] : [] }
}

export function emptyInventory(): Inventory {
  return {
    collectedAt: new Date().toISOString(), source: { kind: 'snapshot' }, accounts: [], principals: [], groups: [],
    managedPolicies: new Map(), databases: [], buckets: [], tables: [], recoveryPoints: [], storeRecoveryPoints: [], vaults: [], backupPlans: [], kmsAliases: [],
    secrets: [], scpChains: [], organizationAccountIds: [], gaps: [], errors: [],
  }
}

export type { Severity }
