// `bulkhead scan`: collect → normalize → run checks → score → render. The only place that wires
// the stages together; each stage stays pure and testable on its own.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { RISK_CLASSES, type Check, type Finding, type Severity } from '../checks/define.js'
import { loadChecks, selectChecks } from '../checks/registry.js'
import { runChecks, skipCounts, type RunResult, type SkippedEntry } from '../checks/run.js'
import { loadConfig, type BulkheadConfig } from '../config/load.js'
import { UsageError } from '../errors.js'
import { createIamEngine, type IamEngine } from '../iam/index.js'
import { orderFindings } from '../plan/order.js'
import type { FixPlan, Objective } from '../plan/types.js'
import { CachedSource } from '../plan/rescan.js'
import { normalize } from '../inventory/normalize.js'
import type { Inventory, InventoryPart } from '../inventory/types.js'
import { buildReport } from '../report/build.js'
import { printable } from '../report/printable.js'
import type { Report } from '../report/model.js'
import { isReportFormat, loadReporter, toCheckMeta, type ReportFormat } from '../report/render.js'
import { verdict, type FailOn } from '../report/verdict.js'
import { openSnapshot, readSnapshot, type RawSnapshot, type ReadOptions } from '../snapshot/read.js'
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

/** Everything a scan computed before the report: the plan stage and `bulkhead fix` start here. */
export interface Scanned {
  config: BulkheadConfig
  checks: Check[]
  /** every check known (a suppression naming none of them is stale) */
  allChecks: Check[]
  inventory: Inventory
  /** the snapshot as read (undefined for a workspace-only scan) */
  raw?: RawSnapshot
  readOptions: ReadOptions
  run: RunResult
  /** the scan's IAM engine (built on first use, shared with the checks) */
  engine(): IamEngine
  apiCalls?: number
}

/** Collect (or read), normalize, scan the workspace, run the checks. */
export async function scanInputs(opts: ScanOptions, loaded?: BulkheadConfig): Promise<Scanned> {
  const allChecks = await loadChecks()
  const config = loaded ?? loadConfig(opts.config, allChecks)
  const disabled = Object.entries(config.checks).filter(([, c]) => c.enabled === false).map(([id]) => id)
  let checks = selectChecks(allChecks, opts.checks, opts.skipChecks, disabled)
  // agent-credential-reach judges this machine's credentials, which only agent-check and reach read
  const agentOnly = checks.filter((c) => c.needs.includes('agentCredentials'))
  if (opts.checks?.length && agentOnly.length) throw new UsageError(`--checks: ${agentOnly.map((c) => c.id).join(', ')} runs under 'bulkhead agent-check', which reads the credentials of this machine; scan never does`)
  checks = checks.filter((c) => !agentOnly.includes(c))
  // An empty selection would be a green report of nothing: `--checks "$UNSET_VAR"` in CI.
  if (opts.checks?.length === 0) throw new UsageError("--checks: no check ids given (see 'bulkhead checks')")
  if (checks.length === 0) throw new UsageError('no check left to run after --checks, --skip-checks and the checks the config disables')
  const preSkipped: SkippedEntry[] = []

  let apiCalls: number | undefined
  let inventory: Inventory
  let raw: RawSnapshot | undefined
  let readOptions: ReadOptions = {}
  if (opts.snapshot || opts.aws) {
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
      readOptions = parts ? { parts } : {}
      raw = readSnapshot(live.source, readOptions)
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

  let engine: IamEngine | undefined
  const iam = () => (engine ??= createIamEngine(inventory))
  const run = runChecks(checks, inventory, { options: optionsFrom(config), iam })
  const skipped = [...preSkipped, ...run.skipped]
  const counts = skipCounts(skipped)
  const result: RunResult = { ...run, skipped, checksSkipped: counts.notRun, checksPartial: counts.partial, exemptPrincipals: counts.exempt }
  return { config, checks, allChecks, inventory, ...(raw ? { raw } : {}), readOptions, run: result, engine: iam, ...(apiCalls !== undefined ? { apiCalls } : {}) }
}

/** A rescan of this scan (the checks that found what the plan aims at), the snapshot's files as JSON. */
export async function rescanFor(s: Scanned, findings: Finding[], objective: Objective) {
  const { targetsOf } = await import('../plan/index.js')
  const { makeRescan } = await import('../plan/rescan.js')
  const ids = new Set(targetsOf(findings, objective).map((f) => f.checkId))
  return makeRescan({
    ...(s.raw ? { raw: s.raw } : {}), readOptions: s.readOptions, empty: emptyInventory,
    normalize: { environments: s.config.environments, breakGlass: s.config.breakGlass, kind: s.inventory.source.kind === 'aws' ? 'aws' : 'snapshot' },
    ...(s.inventory.workspace ? { workspace: s.inventory.workspace } : {}),
    checks: s.checks.filter((c) => ids.has(c.id)), options: optionsFrom(s.config),
  }, sourceOf(s))
}

const sources = new WeakMap<Scanned, CachedSource | undefined>()
/** The snapshot's files, each read from disk once however many rounds of rescans there are. */
function sourceOf(s: Scanned): CachedSource | undefined {
  if (!sources.has(s)) sources.set(s, s.raw ? new CachedSource(s.raw.source) : undefined)
  return sources.get(s)
}

/** The plan stage, wired: the snapshot's files, and a rescan of the checks that found what it plans for. */
export async function planFor(s: Scanned, findings: Finding[], objective: Objective): Promise<FixPlan> {
  const { planFixes } = await import('../plan/index.js')
  const source = sourceOf(s)
  return planFixes({ findings, inventory: s.inventory, engine: s.engine(), read: snapshotReader(s), readText: (file) => source?.readText(file), rescan: await rescanFor(s, findings, objective), objective })
}

/** The snapshot's files as JSON, by path relative to the snapshot (undefined: no such file). */
export function snapshotReader(s: Scanned): (file: string) => unknown {
  const source = sourceOf(s)
  return (file) => {
    const text = source?.readText(file)
    return text === undefined ? undefined : JSON.parse(text)
  }
}

/** The findings as the report has them: suppressions and the baseline applied. */
export async function assembleFindings(opts: ScanOptions, s: Scanned): Promise<Finding[]> {
  return (await assemble(opts, s.config, s.inventory, s.run, s.checks, s.allChecks, s.apiCalls)).findings
}

export async function runScan(opts: ScanOptions, out: Out): Promise<number> {
  const targets = parseTargets(opts)
  const allChecks = await loadChecks()
  const config = loadConfig(opts.config, allChecks)
  const inputs = inputsOf(opts, config)
  const outputs = [...(opts.output ? [{ flag: '--output', file: opts.output }] : []), ...targets.reports.map((r) => ({ flag: '--report', file: r.file }))]
  for (const o of outputs) checkWritable(o.flag, o.file, inputs)
  checkDistinct(outputs)
  const scanned = await scanInputs(opts, config)
  const report = await assemble(opts, scanned.config, scanned.inventory, scanned.run, scanned.checks, scanned.allChecks, scanned.apiCalls)
  const { overBudget } = await import('../plan/index.js')
  const over = overBudget(report.findings, 'critical')
  if (over) report.warnings = [...(report.warnings ?? []), over]
  else report.plan = await planFor(scanned, report.findings, 'critical')
  report.findings = orderFindings(report.findings, report.plan)

  for (const w of report.warnings ?? []) out.stderr(`bulkhead: warning: ${printable(w)}\n`)
  const ctxChecks = scanned.checks.map(toCheckMeta)
  const main = await loadReporter(targets.format)
  const color = opts.color && !opts.output && !process.env.NO_COLOR && !!process.stdout.isTTY
  const verbose = !!opts.verbose
  // a large JSON report is written in pieces; any other format too large for one string says so
  const { CHUNKED_FINDINGS, renderChunks } = await import('../report/json.js')
  const rendered = (format: ReportFormat, render: typeof main, c: boolean, quiet: boolean): string | Iterable<string> => {
    if (format === 'json' && report.findings.length > CHUNKED_FINDINGS) return renderChunks(report)
    try {
      return render(report, { color: c, checks: ctxChecks, verbose, quiet })
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`--format ${format}: the report of ${report.findings.length} findings is too large to render in this format; use --format json (written in pieces), or scan fewer accounts or checks`)
      throw err
    }
  }
  const text = rendered(targets.format, main, color, !!opts.quiet)
  if (opts.output) writeOutput('--output', opts.output, text, inputs)
  else for (const piece of typeof text === 'string' ? [text] : text) out.stdout(piece)
  for (const { format, file } of targets.reports) {
    const render = await loadReporter(format)
    writeOutput('--report', file, rendered(format, render, false, false), inputs)
  }
  return verdict(report, opts.failOn, !!opts.allowPartial)
}

async function assemble(opts: ScanOptions, config: BulkheadConfig, inventory: Inventory, run: RunResult, checks: Check[], allChecks: Check[], apiCalls?: number): Promise<Report> {
  let baseline
  if (opts.baseline) {
    const { readBaseline } = await import('../suppress/baseline.js')
    baseline = { baseline: readBaseline(opts.baseline), file: opts.baseline }
  }
  const notRun = new Set(run.skipped.filter((s) => s.kind === 'not-run').map((s) => s.checkId))
  const assessed = RISK_CLASSES.filter((c) => checks.some((k) => k.riskClass === c && !notRun.has(k.id)))
  const report = buildReport({
    inventory, run, checksRun: checks.map((c) => c.id), knownChecks: allChecks.map((c) => c.id), version: VERSION, generatedAt: new Date().toISOString(), assessed,
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
  return reportTargets(opts.format, opts.report)
}

/** --format and the --report FORMAT=FILE specs of a command that writes reports. */
export function reportTargets(format: string, specs: string[] | undefined): { format: ReportFormat; reports: { format: ReportFormat; file: string }[] } {
  if (!isReportFormat(format)) throw new UsageError(`--format: '${format}' is not available`)
  const reports = (specs ?? []).map((spec) => {
    const m = /^([a-z]+)=(.+)$/.exec(spec)
    if (!m) throw new UsageError(`--report: expected FORMAT=FILE (e.g. sarif=bulkhead.sarif), got '${spec}'`)
    if (!isReportFormat(m[1])) throw new UsageError(`--report: unknown format '${m[1]}'`)
    return { format: m[1], file: m[2] }
  })
  return { format, reports }
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

function keepOnly(checks: Check[], parts: InventoryPart[], reason: string, skipped: SkippedEntry[]): Check[] {
  return checks.filter((c) => {
    const ok = c.needs.every((n) => parts.includes(n))
    if (!ok) skipped.push({ checkId: c.id, reason, kind: 'not-run' })
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
