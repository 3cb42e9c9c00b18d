// The CI recipes in docs/recipes are code users copy: every bulkhead command in them must parse
// with the real CLI's flags, name real checks and report formats, and wire its outputs to the
// CI feature it claims (SARIF upload, JUnit report); the hook must block a push with a token.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { CommanderError } from 'commander'
import { buildProgram } from '../../src/cli/main.js'
import { loadChecks, findCheck } from '../../src/checks/registry.js'
import { isReportFormat } from '../../src/report/render.js'
import { BIN } from '../support/cli.js'

const RECIPES = resolve(import.meta.dirname, '../../docs/recipes')
const read = (f: string) => readFileSync(join(RECIPES, f), 'utf8')

/** Splits a command line as sh would for our recipes: whitespace, no quotes needed. */
const words = (cmd: string) => cmd.trim().split(/\s+/)

/** The bulkhead argv of every command line that runs bulkhead (after `npx --yes` / `$BULKHEAD`). */
function bulkheadInvocations(script: string): string[][] {
  return script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !l.startsWith('#'))
    .flatMap((l) => {
      const w = words(l)
      const at = w.findIndex((x) => x === 'bulkhead' || x === '$BULKHEAD')
      return at >= 0 && w[at + 1] && /^[a-z]+$/.test(w[at + 1]) ? [w.slice(at + 1)] : []
    })
}

interface Parsed { command: string; opts: Record<string, unknown> }

/** Parses argv with the real program, its actions replaced so nothing runs; throws on a bad flag. */
async function parseCli(argv: string[]): Promise<Parsed> {
  const errors: string[] = []
  const program = buildProgram({ stdout: () => {}, stderr: (s) => errors.push(s) })
  let parsed: Parsed | undefined
  for (const cmd of program.commands) cmd.action(() => { parsed = { command: cmd.name(), opts: cmd.opts() } })
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (err) {
    if (err instanceof CommanderError) throw new Error(`bulkhead ${argv.join(' ')}: ${errors.join('').trim() || err.message}`)
    throw err
  }
  if (!parsed) throw new Error(`bulkhead ${argv.join(' ')}: no command ran`)
  return parsed
}

async function assertValidScan(argv: string[]): Promise<Parsed> {
  const p = await parseCli(argv)
  expect(p.command).toBe('scan')
  const checks = await loadChecks()
  for (const id of (p.opts.checks as string[] | undefined) ?? []) expect(findCheck(checks, id), `check ${id}`).toBeDefined()
  for (const spec of (p.opts.report as string[] | undefined) ?? []) {
    const [format, file] = spec.split('=')
    expect(isReportFormat(format), `--report ${spec}`).toBe(true)
    expect(file).toBeTruthy()
  }
  expect(isReportFormat(p.opts.format as string)).toBe(true)
  return p
}

/** file given to `--report FORMAT=file`, or to --output when --format is FORMAT */
function outputOf(p: Parsed, format: string): string | undefined {
  if (p.opts.format === format && p.opts.output) return p.opts.output as string
  return ((p.opts.report as string[] | undefined) ?? []).find((s) => s.startsWith(`${format}=`))?.slice(format.length + 1)
}

describe('parseCli (the harness itself)', () => {
  it('rejects an unknown flag and an invalid choice', async () => {
    await expect(parseCli(['scan', '--snapshot', 'x', '--fail-on', 'sometimes'])).rejects.toThrow(/fail-on/)
    await expect(parseCli(['scan', '--snapshot', 'x', '--no-such-flag'])).rejects.toThrow(/no-such-flag/)
  })
})

describe('GitHub Actions recipe', () => {
  const wf = parse(read('github-actions.yml'))
  const steps = wf.jobs.scan.steps as { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> }[]

  it('can upload SARIF and get OIDC credentials', () => {
    expect(wf.permissions).toMatchObject({ 'security-events': 'write', 'id-token': 'write', contents: 'read' })
  })

  it('runs a valid bulkhead scan that fails on critical and writes SARIF', async () => {
    const runs = steps.flatMap((s) => (s.run ? bulkheadInvocations(s.run.replace(/\n/g, ' ')) : []))
    expect(runs).toHaveLength(1)
    const p = await assertValidScan(runs[0])
    expect(p.opts.failOn).toBe('critical')
    expect(p.opts.aws).toBe(true)

    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!
    expect(upload.if).toBe('always()') // uploaded even when the scan step failed the job
    expect(upload.with?.sarif_file).toBe(outputOf(p, 'sarif'))

    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!
    expect(summary.run).toContain(outputOf(p, 'markdown'))
  })
})

describe('GitHub Action recipe (github-actions.md)', () => {
  const md = read('github-actions.md')
  const wf = parse(md.slice(md.indexOf('```yaml') + 7, md.indexOf('```', md.indexOf('```yaml') + 7)))
  const action = parse(readFileSync(resolve(RECIPES, '../../action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  const steps = wf.jobs.bulkhead.steps as { id?: string; uses?: string; with?: Record<string, string> }[]
  const step = steps.find((s) => /\/bulkhead@/.test(s.uses ?? ''))!

  it('uses the action with inputs it declares, and may upload SARIF', () => {
    expect(wf.permissions).toMatchObject({ 'security-events': 'write', 'id-token': 'write', contents: 'read' })
    expect(Object.keys(step.with ?? {}).filter((k) => !(k in action.inputs))).toEqual([])
    expect(step.with).toMatchObject({ source: 'aws', 'fail-on': 'critical' })
    for (const f of step.with!.formats.split(',')) expect(isReportFormat(f.trim()), f).toBe(true)
  })

  it('lists every input of the action in its table, with the default the action has', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = md.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))
      expect(row, name).toBeDefined()
      expect(row!.split('|')[2].trim(), name).toBe(input.default ? `\`${input.default}\`` : '')
    }
  })
})

describe('GitLab CI recipe', () => {
  const job = parse(read('gitlab-ci.yml')).bulkhead

  it('runs a valid scan whose JUnit file is the artifact GitLab reads', async () => {
    const runs = (job.script as string[]).flatMap(bulkheadInvocations)
    expect(runs).toHaveLength(1)
    const p = await assertValidScan(runs[0])
    expect(p.opts.failOn).toBe('critical')
    expect(job.artifacts.when).toBe('always')
    expect(job.artifacts.reports.junit).toBe(outputOf(p, 'junit'))
    for (const format of ['json', 'html']) expect(job.artifacts.paths).toContain(outputOf(p, format))
  })
})

describe('pre-commit framework recipe', () => {
  it('runs the workspace token checks before a push', async () => {
    const hook = parse(read('pre-commit-config.yaml')).repos[0].hooks[0]
    expect(hook).toMatchObject({ language: 'system', pass_filenames: false, stages: ['pre-push'] })
    const [argv] = bulkheadInvocations(hook.entry)
    const p = await assertValidScan(argv)
    expect(p.opts).toMatchObject({ workspace: ['.'], checks: ['token-in-workspace', 'shared-credential-in-workspace'] })
  })
})

describe('pre-push hook', () => {
  const hook = join(RECIPES, 'pre-push')
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

  it('runs a valid scan of the workspace token checks', async () => {
    const runs = bulkheadInvocations(read('pre-push'))
    expect(runs).toHaveLength(1)
    const p = await assertValidScan(runs[0])
    expect(p.opts).toMatchObject({ workspace: ['.'], checks: ['token-in-workspace', 'shared-credential-in-workspace'] })
  })

  const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' })
  function repo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-hook-'))
    dirs.push(dir)
    git(dir, 'init', '-q')
    writeFileSync(join(dir, 'README.md'), '# app\n')
    writeFileSync(join(dir, 'config.ts'), 'export const region = "us-east-1"\n')
    return dir
  }
  const runHook = (cwd: string) =>
    spawnSync('sh', [hook], { cwd, encoding: 'utf8', env: { ...process.env, BULKHEAD: `${process.execPath} ${BIN}`, NO_COLOR: '1' }, timeout: 60_000 })

  // runs the built CLI (dist/, built by the test global setup)
  it('lets a clean workspace through and blocks one holding a token, without printing it', () => {
    const dir = repo()
    const clean = runHook(dir)
    expect(clean.stderr).toBe('')
    expect(clean.status).toBe(0)

    // made up at run time: a real-format GitHub token that belongs to nobody
    const token = `ghp_${randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'A').slice(0, 36)}`
    writeFileSync(join(dir, '.env'), `GH_TOKEN=${token}\n`)
    const dirty = runHook(dir)
    expect(dirty.status).toBe(1)
    expect(dirty.stderr).toContain('bulkhead: a credential lies in this workspace')
    expect(dirty.stdout).toMatch(/token-in-workspace/)
    expect(dirty.stdout + dirty.stderr).not.toContain(token)
    expect(dirty.stdout + dirty.stderr).not.toContain(token.slice(4, 20))
  })
})
