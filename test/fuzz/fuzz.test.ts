// The fuzz suite (issue 11): seeded mutants of the bundled fixtures through the built CLI. For
// every mutant: exit 0, 1, 2 or 3 only; an exit 2 is one `bulkhead:` line naming a file of the
// mutant; no internal error and no stack trace; no raw control character on stdout or stderr;
// every input byte unchanged; done within the time limit. Most mutants run in two batch
// processes (test/fuzz/batch.mjs, one per core, calling the built CLI's main() as the bin does);
// a sample also runs through bin/bulkhead.js as a process of its own. Mutant n is always the same
// mutant: a failure names it, and FUZZ_SEED / FUZZ_MUTANTS explore further (FUZZ_DIST=<main.js of
// another build> runs the batches against that build, e.g. to see what an older one fails).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPORTERS } from '../../src/report/render.js'
import { BIN } from '../support/cli.js'
import { FIXTURES, fingerprintTree, writeMutant, type Mutant } from './mutate.js'

const SEED = Number(process.env.FUZZ_SEED ?? 11)
const COUNT = Number(process.env.FUZZ_MUTANTS ?? 400)
/** a hang detector, not a speed test: generous for a loaded 2-core CI machine */
const LIMIT_MS = 20_000
/** every n-th mutant also runs through the bin as its own process */
const THROUGH_BIN_EVERY = 60
const BATCHES = 2

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/

interface Outcome { id: number; code: number | string; ms: number; stderr: string; stdoutBytes: number; stdoutRawControl: string | null; stdoutHead: string }

/** What is wrong with one mutant's run, or nothing. */
function problems(m: Mutant, o: Outcome | undefined): string[] {
  if (!o) return ['no result']
  if (typeof o.code !== 'number') return [`not finished: ${o.code}`]
  const out: string[] = []
  if (![0, 1, 2, 3].includes(o.code)) out.push(`exit ${o.code}`)
  if (o.ms > LIMIT_MS) out.push(`took ${o.ms} ms (limit ${LIMIT_MS})`)
  if (/internal error/.test(o.stderr)) out.push(`internal error: ${o.stderr.trim()}`)
  if (/\n\s+at .+:\d+:\d+/.test(o.stderr)) out.push('stack trace on stderr')
  if (RAW_CONTROL.test(o.stderr)) out.push(`raw control character on stderr: ${JSON.stringify(o.stderr.slice(0, 200))}`)
  if (o.stdoutRawControl) out.push(`raw control character ${JSON.stringify(o.stdoutRawControl)} on stdout`)
  const lines = o.stderr.split('\n').filter((l) => l !== '')
  if (o.code === 2) {
    if (lines.length !== 1) out.push(`exit 2 with ${lines.length} lines on stderr: ${JSON.stringify(o.stderr.slice(0, 300))}`)
    else if (!lines[0].startsWith('bulkhead: ')) out.push(`exit 2 without the bulkhead: prefix: ${lines[0].slice(0, 200)}`)
    else if (!lines[0].includes(m.root)) out.push(`exit 2 naming no file of the mutant: ${lines[0].slice(0, 300)}`)
    if (o.stdoutBytes > 0) out.push('exit 2 with a report on stdout')
  } else {
    const stray = lines.filter((l) => !l.startsWith('bulkhead: warning: '))
    if (stray.length) out.push(`exit ${o.code} with stderr lines other than warnings: ${stray[0].slice(0, 200)}`)
    if (o.stdoutBytes === 0) out.push(`exit ${o.code} with no report on stdout`)
  }
  return out
}

/** batch processes still running: a test that times out must not leave them behind */
const running = new Set<ChildProcess>()

/**
 * Runs the jobs in one batch process. A mutant still running LIMIT_MS after its start line is
 * hung: the process is killed, the mutant recorded as such, and a new process takes the rest.
 */
async function runBatch(jobs: { id: number; args: string[]; cwd: string }[], dir: string, n: number): Promise<Map<number, Outcome>> {
  const results = new Map<number, Outcome>()
  let remaining = jobs
  for (let round = 0; remaining.length > 0; round++) {
    const jobsFile = join(dir, `jobs-${n}-${round}.json`)
    const resultsFile = join(dir, `results-${n}-${round}.jsonl`)
    writeFileSync(jobsFile, JSON.stringify(remaining))
    writeFileSync(resultsFile, '')
    const { stderr, hung } = await new Promise<{ stderr: string; hung?: number }>((done) => {
      const child = spawn(process.execPath, [join(import.meta.dirname, 'batch.mjs'), jobsFile, resultsFile], { stdio: ['ignore', 'ignore', 'pipe'] })
      running.add(child)
      let err = ''
      let hungId: number | undefined
      child.stderr.on('data', (d) => void (err += d))
      let current: { id: number; since: number } | undefined
      const watch = setInterval(() => {
        const lines = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)
        const last = lines.length ? (JSON.parse(lines[lines.length - 1]) as { start?: number }) : undefined
        if (last?.start === undefined) current = undefined
        else if (current?.id !== last.start) current = { id: last.start, since: Date.now() }
        else if (Date.now() - current.since > LIMIT_MS) {
          hungId = current.id
          child.kill('SIGKILL')
        }
      }, 250)
      child.on('close', () => {
        running.delete(child)
        clearInterval(watch)
        done({ stderr: err, hung: hungId })
      })
    })
    for (const line of readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as Outcome | { start: number }
      if (!('start' in r)) results.set(r.id, r)
    }
    if (hung !== undefined) results.set(hung, { id: hung, code: 'killed', ms: LIMIT_MS, stderr: '', stdoutBytes: 0, stdoutRawControl: null, stdoutHead: '' })
    else if (stderr.trim()) results.set(-1 - n, { id: -1, code: `batch ${n} died: ${stderr.slice(0, 500)}`, ms: 0, stderr: '', stdoutBytes: 1, stdoutRawControl: null, stdoutHead: '' })
    const next = remaining.filter((j) => !results.has(j.id))
    // a batch that died without a hang would loop on the same job: that job is its cause
    if (hung === undefined && next.length > 0) {
      results.set(next[0].id, { id: next[0].id, code: `batch died while running it: ${stderr.slice(0, 300)}`, ms: 0, stderr: '', stdoutBytes: 0, stdoutRawControl: null, stdoutHead: '' })
      remaining = next.slice(1)
    } else remaining = next
  }
  return results
}

describe(`fuzz: ${COUNT} seeded mutants of the fixtures through the built CLI (seed ${SEED})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-fuzz-'))
  const pristine = join(dir, 'pristine')
  cpSync(FIXTURES, pristine, { recursive: true })
  const cwd = mkdtempSync(join(dir, 'cwd-'))
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const formats = Object.keys(REPORTERS)
  const mutants = Array.from({ length: COUNT }, (_, id) => writeMutant(id, SEED, join(dir, 'mutants'), pristine, formats))
  const before = new Map(mutants.map((m) => [m.id, fingerprintTree(m.root)]))
  const pristineBefore = fingerprintTree(pristine, 'all')

  it('every mutant: exit 0-3, one clean line naming a file on exit 2, no stack, no raw escapes, inputs unchanged, within the limit', async () => {
    const started = Date.now()
    const jobs = mutants.map((m) => ({ id: m.id, args: m.args, cwd }))
    const batches = await Promise.all(Array.from({ length: BATCHES }, (_, n) => runBatch(jobs.filter((j) => j.id % BATCHES === n), dir, n)))
    const outcomes = new Map(batches.flatMap((b) => [...b]))
    const batchMs = Date.now() - started

    // a sample through the bin itself: process exit code, real stdout and stderr
    const viaBin = mutants.filter((m) => m.id % THROUGH_BIN_EVERY === 0)
    const binOutcomes = viaBin.map((m): [Mutant, Outcome] => {
      const t = Date.now()
      const r = spawnSync(process.execPath, [BIN, ...m.args], { cwd, encoding: 'utf8', timeout: LIMIT_MS, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 28 })
      const stdout = r.stdout ?? ''
      return [m, { id: m.id, code: r.status ?? `signal ${r.signal}`, ms: Date.now() - t, stderr: r.stderr ?? '', stdoutBytes: stdout.length, stdoutRawControl: RAW_CONTROL.exec(stdout)?.[0] ?? null, stdoutHead: stdout.slice(0, 120) }]
    })

    const binMs = Date.now() - started - batchMs
    const failures: string[] = []
    for (const [key, o] of outcomes) if (key < 0) failures.push(String(o.code))
    for (const m of mutants) for (const p of problems(m, outcomes.get(m.id))) failures.push(`${m.label}: ${p}`)
    for (const [m, o] of binOutcomes) {
      for (const p of problems(m, o)) failures.push(`${m.label} (through the bin): ${p}`)
      // the same mutant gives the same answer in a process of its own
      const batch = outcomes.get(m.id)
      if (batch && batch.code !== o.code) failures.push(`${m.label}: exit ${batch.code} in the batch, ${o.code} through the bin`)
    }
    for (const m of mutants) {
      const after = fingerprintTree(m.root)
      const was = before.get(m.id)!
      const changed = [...new Set([...was.keys(), ...after.keys()])].filter((f) => was.get(f) !== after.get(f))
      if (changed.length) failures.push(`${m.label}: inputs changed: ${changed.slice(0, 3).join(', ')}`)
    }
    const pristineAfter = fingerprintTree(pristine, 'all')
    const touched = [...pristineBefore.keys()].filter((f) => pristineBefore.get(f) !== pristineAfter.get(f))
    if (touched.length) failures.push(`fixture files changed through a link: ${touched.slice(0, 3).join(', ')}`)
    expect(failures).toEqual([])

    // the mutants reach every outcome: refusals, clean and failing scans (the suite would prove little otherwise)
    const codes = [...outcomes].filter(([k]) => k >= 0).map(([, o]) => o.code)
    for (const code of [0, 1, 2]) expect(codes.filter((c) => c === code).length, `mutants exiting ${code}`).toBeGreaterThan(COUNT / 50)
    expect([...outcomes.keys()].filter((k) => k >= 0).length).toBe(COUNT)
    const slowest = Math.max(...[...outcomes.values()].map((o) => o.ms))
    console.log(`fuzz: ${COUNT} mutants (${viaBin.length} also through the bin) in ${Date.now() - started} ms (batches ${batchMs} ms, sum of runs ${[...outcomes.values()].reduce((a, o) => a + o.ms, 0)} ms, bin ${binMs} ms); exits ${[0, 1, 2, 3].map((c) => `${c}:${codes.filter((x) => x === c).length}`).join(' ')}; slowest ${slowest} ms`)
  }, 240_000)

  it('the mutants are reproducible: the same seed writes the same mutants', () => {
    const again = writeMutant(7, SEED, join(dir, 'again'), pristine, formats)
    expect(again.label).toBe(mutants[7].label)
    expect(again.args.join(' ').replaceAll(again.root, '<root>')).toBe(mutants[7].args.join(' ').replaceAll(mutants[7].root, '<root>'))
  })
})

