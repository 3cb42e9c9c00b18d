// IAM benchmark on realistic estates: `get-account-authorization-details` files from
// bench/gen_authz.py (a copy of ../shared/bench/gen_authz.py: admin attachments, PassRole and
// sts:AssumeRole on "*", service-trusted roles, NotAction, boundaries, multi-version policies,
// cross-account trusts) and multi-account organizations from bench/gen_org.py (its accounts
// linked by deployer roles, with prod and staging databases and vault recovery points).
//
// Each estate is scanned by the real CLI as a separate process (all checks, every
// unrecoverable-deletion path, JSON report), and compared with the floor of a process that only
// JSON.parses the same files: wall time, peak RSS, their ratio, and the growth exponent between
// sizes (log of the time ratio over log of the input-size ratio; 1 is linear).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Check } from '../src/checks/define.js'
import adminPrincipal from '../checks/privilege/admin-principal.js'
import escalation from '../checks/privilege/privilege-escalation-path.js'
import deleteDb from '../checks/privilege/can-delete-prod-database.js'
import deleteBackups from '../checks/privilege/can-delete-prod-backups.js'
import wildcard from '../checks/privilege/destructive-wildcard-resource.js'
import unrecoverable from '../checks/privilege/unrecoverable-deletion.js'
import writesProd from '../checks/isolation/nonprod-principal-writes-prod.js'
import spans from '../checks/isolation/principal-spans-environments.js'

/** The checks that ask the IAM engine (used by test/iam/estates.test.ts too). */
export const IAM_CHECKS: Check[] = [adminPrincipal, escalation, deleteDb, deleteBackups, wildcard, unrecoverable, writesProd, spans]

const here = dirname(fileURLToPath(import.meta.url))
/** the repository root, from bench/ in the source tree or dist/bench/ */
const ROOT = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..')
const BENCH = join(ROOT, 'bench')
const BIN = join(ROOT, 'bin', 'bulkhead.js')
const CACHE = join(tmpdir(), 'bulkhead-bench')

export interface Estate {
  name: string
  kind: 'authorization-details' | 'organization'
  args: string[]
  /** roles in the estate (all accounts) */
  roles: number
  /** targets of issue 10, checked by the bench (never by a test) */
  target?: { seconds?: number; rssMb?: number; floorRatio?: number }
}

export const ESTATES: Record<string, Estate> = {
  '1k': { name: '1k roles', kind: 'authorization-details', args: ['--roles', '1000', '--seed', '1'], roles: 1000 },
  '5k': { name: '5k roles', kind: 'authorization-details', args: ['--roles', '5000', '--users', '1000', '--policies', '2000', '--seed', '1'], roles: 5000, target: { seconds: 2, rssMb: 500, floorRatio: 10 } },
  '20k': { name: '20k roles', kind: 'authorization-details', args: ['--roles', '20000', '--users', '4000', '--policies', '8000', '--seed', '1'], roles: 20000, target: { seconds: 8, rssMb: 1536 } },
  'org-3x300': { name: 'org 3 × 300 roles', kind: 'organization', args: ['--accounts', '3', '--roles', '300', '--seed', '1'], roles: 900 },
  'org-10x1k': { name: 'org 10 × 1k roles', kind: 'organization', args: ['--accounts', '10', '--roles', '1000', '--seed', '1'], roles: 10000, target: { floorRatio: 20 } },
}

/** Generate (once per generator version and arguments) and return the snapshot path. */
export function estatePath(e: Estate): string {
  const generator = e.kind === 'organization' ? 'gen_org.py' : 'gen_authz.py'
  const hash = createHash('sha256')
  for (const f of ['gen_authz.py', 'gen_org.py']) hash.update(readFileSync(join(BENCH, f)))
  hash.update(e.args.join(' '))
  const key = hash.digest('hex').slice(0, 12)
  const out = join(CACHE, `${e.kind}-${e.args.join('_')}-${key}${e.kind === 'organization' ? '' : '.json'}`)
  if (existsSync(out)) return out
  mkdirSync(CACHE, { recursive: true })
  const tmp = `${out}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  const r = spawnSync('python3', [join(BENCH, generator), ...e.args, '-o', tmp], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.status !== 0) throw new Error(`${generator} ${e.args.join(' ')} failed (exit ${r.status})`)
  renameSync(tmp, out)
  return out
}

function jsonFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path]
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.json'))
    .map((d) => join(d.parentPath, d.name))
}

export interface ProcessRun {
  seconds: number
  rssMb: number
  cpuSeconds: number
  code: number
}

const PROBE = `
const { writeFileSync } = require('node:fs')
process.on('exit', () => {
  const u = process.resourceUsage()
  writeFileSync(process.env.BULKHEAD_BENCH_PROBE, JSON.stringify({ rss: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }))
})
`

/** Run `node <args>` as its own process: wall time, peak RSS and CPU time. */
export function measureProcess(args: string[]): ProcessRun {
  mkdirSync(CACHE, { recursive: true })
  const probe = join(CACHE, 'probe.cjs')
  writeFileSync(probe, PROBE)
  const result = join(CACHE, `probe-${process.pid}.json`)
  rmSync(result, { force: true })
  const t = performance.now()
  const r = spawnSync(process.execPath, ['--require', probe, ...args], {
    env: { ...process.env, BULKHEAD_BENCH_PROBE: result, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20,
  })
  const seconds = (performance.now() - t) / 1000
  if (!existsSync(result)) throw new Error(`the process died without exiting normally (signal ${r.signal}): ${r.stderr.toString().slice(0, 400)}`)
  const { rss, cpu } = JSON.parse(readFileSync(result, 'utf8')) as { rss: number; cpu: number }
  return { seconds, rssMb: rss / 1024, cpuSeconds: cpu, code: r.status ?? -1 }
}

export interface IamBenchResult {
  estate: Estate
  inputMb: number
  principals?: number
  findings: number
  /** size of the JSON report */
  reportMb: number
  scan: ProcessRun
  floor: ProcessRun
}

/**
 * The number of findings of a JSON report, from its summary near the top: a report of an
 * organization can be larger than one string may hold (2 GB for 10 × 1k roles), so it is never read whole.
 */
function findingsIn(report: string): number {
  const fd = openSync(report, 'r')
  const head = Buffer.alloc(1 << 20)
  const n = readSync(fd, head, 0, head.length, 0)
  closeSync(fd)
  const m = /"summary": (\{[^}]*\})/.exec(head.subarray(0, n).toString('utf8'))
  if (!m) throw new Error(`no summary in the first MB of ${report}`)
  const s = JSON.parse(m[1]) as Record<string, number>
  return s.critical + s.high + s.medium + s.low + s.info
}

/** The scan of one estate, best of `runs` (the machine's other load only adds), and its floor. */
export function measureEstate(e: Estate, runs = 1): IamBenchResult {
  const path = estatePath(e)
  const files = jsonFiles(path)
  const inputMb = files.reduce((s, f) => s + statSync(f).size, 0) / 1_048_576
  const report = join(CACHE, `report-${process.pid}.json`)
  const best = (f: () => ProcessRun) => Array.from({ length: runs }, f).reduce((a, b) => (b.seconds < a.seconds ? b : a))
  const scan = best(() => measureProcess([BIN, 'scan', '--snapshot', path, '--format', 'json', '--output', report]))
  if (scan.code !== 0 && scan.code !== 1) throw new Error(`bulkhead scan of ${e.name} exited ${scan.code}`)
  const findings = findingsIn(report)
  const reportMb = statSync(report).size / 1_048_576
  rmSync(report, { force: true })
  const list = join(CACHE, `files-${process.pid}.json`)
  writeFileSync(list, JSON.stringify(files))
  const floor = best(() => measureProcess(['-e', `const fs = require('node:fs'); for (const f of JSON.parse(fs.readFileSync(${JSON.stringify(list)}, 'utf8'))) JSON.parse(fs.readFileSync(f, 'utf8'))`]))
  rmSync(list, { force: true })
  return { estate: e, inputMb, findings, reportMb, scan, floor }
}

const exponent = (a: IamBenchResult, b: IamBenchResult, pick: (r: IamBenchResult) => number): number =>
  Math.log(pick(b) / pick(a)) / Math.log(b.inputMb / a.inputMb)

function verdictOf(r: IamBenchResult): string {
  const t = r.estate.target
  if (!t) return ''
  const misses: string[] = []
  if (t.seconds !== undefined && r.scan.seconds > t.seconds) misses.push(`time > ${t.seconds} s`)
  if (t.rssMb !== undefined && r.scan.rssMb > t.rssMb) misses.push(`RSS > ${t.rssMb} MB`)
  if (t.floorRatio !== undefined && r.scan.seconds / r.floor.seconds > t.floorRatio) misses.push(`ratio > ${t.floorRatio}×`)
  return misses.length ? `missed: ${misses.join(', ')}` : 'met'
}

export async function benchIam(names: string[], runs = 1): Promise<IamBenchResult[]> {
  console.log('IAM: a full scan (every check, every path, JSON report) as its own process, vs a process that only JSON.parses the same files')
  console.log('estate                input MB  findings  report MB   scan s  scan RSS MB  cpu s   floor s  floor RSS MB  time ×floor  RSS ×floor  target')
  const unknown = names.filter((n) => !(n in ESTATES))
  if (unknown.length) throw new Error(`no bench estate ${unknown.join(', ')}: one of ${Object.keys(ESTATES).join(', ')}`)
  const results: IamBenchResult[] = []
  for (const name of names) {
    const r = measureEstate(ESTATES[name], runs)
    results.push(r)
    console.log([
      r.estate.name.padEnd(20), r.inputMb.toFixed(1).padStart(9), String(r.findings).padStart(9), r.reportMb.toFixed(0).padStart(10), r.scan.seconds.toFixed(2).padStart(8),
      r.scan.rssMb.toFixed(0).padStart(12), r.scan.cpuSeconds.toFixed(2).padStart(6), r.floor.seconds.toFixed(2).padStart(9), r.floor.rssMb.toFixed(0).padStart(13),
      (r.scan.seconds / r.floor.seconds).toFixed(1).padStart(12), (r.scan.rssMb / r.floor.rssMb).toFixed(1).padStart(11), `  ${verdictOf(r)}`,
    ].join(' '))
  }
  // growth between consecutive sizes of one kind
  for (const kind of ['authorization-details', 'organization'] as const) {
    const of = results.filter((r) => r.estate.kind === kind)
    for (let i = 1; i < of.length; i++) {
      const [a, b] = [of[i - 1], of[i]]
      console.log(`growth ${a.estate.name} → ${b.estate.name}: time exponent ${exponent(a, b, (r) => r.scan.seconds).toFixed(2)}, ` +
        `CPU exponent ${exponent(a, b, (r) => r.scan.cpuSeconds).toFixed(2)}, RSS exponent ${exponent(a, b, (r) => r.scan.rssMb).toFixed(2)}, findings exponent ${exponent(a, b, (r) => r.findings).toFixed(2)} (1.00 is linear in the input size)`)
    }
  }
  return results
}
