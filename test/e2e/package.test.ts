// What a user installs: a fresh copy of the source tree (no node_modules, no dist) is built the
// way the GitHub Action builds it (action.yml's own steps, run as a runner would, scanning the
// demo snapshot), then packed with `npm pack`; the tarball installs into an empty project and
// `npx bulkhead` scans from it. A stale compiled check planted in dist/ must not survive the
// build (`npm run build` starts from a clean dist/). npm reads its cache first
// (--prefer-offline), so only a cold cache reaches the registry.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadChecks } from '../../src/checks/registry.js'
import { readAction, runAction } from '../support/action.js'
import { fixture, ROOT } from '../support/cli.js'
import { validateSarif } from '../support/sarif-validate.js'

const SOURCE = ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'action.yml', 'bin', 'src', 'checks', 'bench']
const TIMEOUT = 600_000
const NPM_ENV = { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }

const tmp = mkdtempSync(join(tmpdir(), 'bulkhead-package-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const copy = join(tmp, 'bulkhead')
for (const p of SOURCE) cpSync(join(ROOT, p), join(copy, p), { recursive: true })

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: TIMEOUT, env: { ...process.env, ...NPM_ENV, NO_COLOR: '1' } })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

describe('the GitHub Action (action.yml)', () => {
  const action = readAction(join(ROOT, 'action.yml'))

  it('is a composite action that sets up Node 20 and uploads SARIF to code scanning', () => {
    expect(action.runs.using).toBe('composite')
    const uses = action.runs.steps.filter((s) => s.uses)
    expect(uses.find((s) => s.uses!.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 20 })
    const upload = uses.find((s) => s.uses!.startsWith('github/codeql-action/upload-sarif@'))!
    expect(upload.if).toMatch(/^always\(\) && /)
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['source', 'formats', 'fail-on', 'baseline']))
  })

  it('builds bulkhead from its own checkout, scans the demo snapshot, writes the reports and fails on its verdict', () => {
    const workspace = join(tmp, 'repo')
    mkdirSync(workspace)
    const run = runAction(action, {
      actionPath: copy,
      workspace,
      inputs: {
        source: fixture('shared-blast-radius'),
        workspace: join(fixture('shared-blast-radius'), 'workspace'),
        formats: 'sarif, markdown,json,ocsf,asff',
      },
    })
    const [build, scan, verdict] = run.steps.filter((s) => s.step.run)
    expect(build.stderr).not.toMatch(/npm (ERR|error)/)
    expect(build.stdout).toContain(`bulkhead: building from ${copy}`)
    expect(build.code).toBe(0)
    expect(existsSync(join(copy, 'dist/src/cli/main.js'))).toBe(true)

    expect(scan.code).toBe(0) // the verdict waits for the upload
    expect(scan.stdout).toContain('Score 0/100 grade F')
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'bulkhead-reports/bulkhead.sarif', 'report-dir': 'bulkhead-reports' })
    const reports = join(workspace, 'bulkhead-reports')
    expect(readdirSync(reports).sort()).toEqual(['bulkhead.asff.json', 'bulkhead.json', 'bulkhead.md', 'bulkhead.ocsf.json', 'bulkhead.sarif'])
    const report = JSON.parse(readFileSync(join(reports, 'bulkhead.json'), 'utf8'))
    expect(report.findings).toHaveLength(41)
    expect(validateSarif({ file: join(reports, 'bulkhead.sarif') }).errors).toEqual([])
    expect(run.summary).toBe(readFileSync(join(reports, 'bulkhead.md'), 'utf8'))
    expect(run.summary).toMatch(/grade F/)

    const upload = run.steps.find((s) => s.step.uses?.startsWith('github/codeql-action/upload-sarif@'))!
    expect(upload.with).toEqual({ sarif_file: 'bulkhead-reports/bulkhead.sarif', category: 'bulkhead' })
    expect(verdict.code).toBe(1)
    expect(verdict.stdout).toContain('::error::bulkhead: findings at or above fail-on')
  }, TIMEOUT)

  it('passes on the well-isolated estate, and reuses the build', () => {
    const workspace = mkdtempSync(join(tmp, 'repo-'))
    const run = runAction(action, { actionPath: copy, workspace, inputs: { source: fixture('well-isolated'), workspace: '', 'fail-on': 'high' } })
    const [build, scan, verdict] = run.steps.filter((s) => s.step.run)
    expect(build.stdout).toBe('')
    expect(scan.stdout).toContain('grade A')
    expect(run.outputs['exit-code']).toBe('0')
    expect(verdict.code).toBe(0)
  }, TIMEOUT)
})

describe('the npm package', () => {
  it('packs from a clean build, installs into an empty project and scans with npx bulkhead', async () => {
    // a check deleted from the source whose compiled file is still in dist/
    const stale = join(copy, 'dist/checks/backup/deleted-check.js')
    mkdirSync(join(copy, 'dist/checks/backup'), { recursive: true })
    writeFileSync(stale, "export default { id: 'deleted-check' }\n")
    const pack = sh('npm', ['pack', '--json', '--pack-destination', tmp], copy)
    expect(pack.code, pack.stderr).toBe(0)
    const [{ filename, files }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[]
    const paths = files.map((f) => f.path)
    expect(existsSync(stale)).toBe(false)
    expect(paths).not.toContain('dist/checks/backup/deleted-check.js')
    expect(paths).toEqual(expect.arrayContaining(['bin/bulkhead.js', 'dist/src/cli/main.js', 'dist/src/report/ocsf.js', 'dist/src/report/asff.js', 'package.json', 'README.md']))
    const checks = await loadChecks()
    expect(paths.filter((p) => /^dist\/checks\/[a-z]+\/[a-z0-9-]+\.js$/.test(p))).toHaveLength(checks.length)

    const project = join(tmp, 'empty-project')
    mkdirSync(project)
    writeFileSync(join(project, 'package.json'), '{ "name": "trying-bulkhead", "private": true }\n')
    const install = sh('npm', ['install', join(tmp, filename)], project)
    expect(install.code, install.stderr).toBe(0)

    const version = sh('npx', ['--no-install', 'bulkhead', '--version'], project)
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n` })
    const listed = sh('npx', ['--no-install', 'bulkhead', 'checks', '--format', 'json'], project)
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((c) => c.id).sort()).toEqual(checks.map((c) => c.id).sort())

    const demo = ['scan', '--snapshot', fixture('shared-blast-radius'), '--workspace', join(fixture('shared-blast-radius'), 'workspace')]
    const scan = sh('npx', ['--no-install', 'bulkhead', ...demo], project)
    expect(scan.stderr).toBe('')
    expect(scan.code).toBe(1)
    expect(scan.stdout).toContain('Score 0/100 grade F')
    const json = sh('npx', ['--no-install', 'bulkhead', ...demo, '--format', 'json'], project)
    expect(JSON.parse(json.stdout).findings).toHaveLength(41)
  }, TIMEOUT)
})
