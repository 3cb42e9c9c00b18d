// What a reader tripped over in the reports (issue 13 §6), each checked on the real output: classes
// no check of which ran are "not assessed" (never 100/A); one vocabulary of skips, counted once;
// --compliance visible in text, CSV and SARIF; the wording fixes; one finding order in every
// format; a workspace-only header; a withheld line said once for many findings.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineCheck, type Finding } from '../../src/checks/define.js'
import { runChecks } from '../../src/checks/run.js'
import { createIamEngine } from '../../src/iam/index.js'
import type { Report } from '../../src/report/model.js'
import { cell } from '../../src/report/markdown.js'
import { printable } from '../../src/report/printable.js'
import { estate, PROD, REGION } from '../support/estate.js'
import { cli, fixture } from '../support/cli.js'

const demo = fixture('shared-blast-radius')
const ws = join(demo, 'workspace')
const json = (args: string[]) => JSON.parse(cli([...args, '--format', 'json', '--fail-on', 'none']).stdout) as Report
const text = (args: string[]) => cli([...args, '--fail-on', 'none']).stdout

describe('what a reader tripped over (issue 13 §6)', () => {
  it('a risk class none of whose checks ran is "not assessed", and the grade says how much was assessed', () => {
    const r = json(['scan', '--snapshot', demo, '--checks', 'unrecoverable-deletion'])
    expect(r.score.byRiskClass).toMatchObject({ isolation: null, backup: null })
    expect(typeof r.score.byRiskClass.privilege).toBe('number')
    const t = text(['scan', '--snapshot', demo, '--checks', 'stale-access-key'])
    expect(t).toMatch(/^Score \d+\/100 grade [A-F] \(1 of 3 risk classes assessed\)   isolation not assessed · backup not assessed · privilege \d+$/m)
    expect(t).not.toMatch(/isolation 100/)
    // a fully baselined scan: every class assessed, and the score says the accepted findings are not counted
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-readers-'))
    const baseline = join(dir, 'baseline.json')
    expect(cli(['scan', '--snapshot', demo, '--format', 'json', '--fail-on', 'none', '--output', join(dir, 'r.json')]).code).toBe(0)
    expect(cli(['baseline', '--from', join(dir, 'r.json'), '--out', baseline]).code).toBe(0)
    const b = text(['scan', '--snapshot', demo, '--baseline', baseline])
    const total = json(['scan', '--snapshot', demo]).findings.length
    expect(b).toMatch(new RegExp(`^Score 100/100 grade A \\(${total} accepted findings not counted\\)`, 'm'))
  })

  it('one vocabulary for what did not run, counted once: the header\'s count is the list\'s', () => {
    const r = json(['scan', '--snapshot', demo])
    const notRun = new Set(r.skipped.filter((s) => s.kind === 'not-run').map((s) => s.checkId))
    expect(notRun).toEqual(new Set(['shared-credential-in-workspace', 'token-in-workspace']))
    expect(r.summary.checksSkipped).toBe(notRun.size)
    const t = text(['scan', '--snapshot', demo])
    expect(t).toContain(` · ${notRun.size} not run · `)
    expect(t).toContain(`\nNot run (${notRun.size})\n  shared-credential-in-workspace, token-in-workspace: no --workspace given\n`)
    expect(t).not.toContain('Skipped (')
    expect(t).not.toContain(' skipped ·')
  })

  it('--compliance shows in text, CSV and SARIF (and not without it)', () => {
    const args = ['scan', '--snapshot', demo, '--fail-on', 'none']
    const t = cli([...args, '--compliance', 'cis-aws']).stdout
    expect(t).toMatch(/^CIS Amazon Web Services Foundations Benchmark \S+: \d+ failing, \d+ passing, \d+ not covered/m)
    expect(cli(args).stdout).not.toContain('CIS Amazon Web Services')
    const csv = cli([...args, '--compliance', 'cis-aws', '--format', 'csv']).stdout.split(/\r?\n/)
    expect(csv[0].endsWith(',framework,controls')).toBe(true)
    expect(cli([...args, '--format', 'csv']).stdout.split('\n')[0]).not.toContain('framework')
    const sarif = JSON.parse(cli([...args, '--compliance', 'cis-aws', '--format', 'sarif']).stdout) as { runs: { properties: Record<string, unknown>; results: { properties: Record<string, unknown> }[] }[] }
    expect(sarif.runs[0].properties.compliance).toBeDefined()
    expect(sarif.runs[0].results.some((x) => Array.isArray(x.properties.controls) && (x.properties.controls as string[]).length > 0)).toBe(true)
    const plain = JSON.parse(cli([...args, '--format', 'sarif']).stdout) as typeof sarif
    expect(plain.runs[0].properties.compliance).toBeUndefined()
  })

  it('wording: no "tag: tag", "may 14 destructive", "critical because it can delete", "X → X", in any format', () => {
    for (const format of ['text', 'markdown', 'html', 'csv', 'json', 'sarif']) {
      const out = cli(['scan', '--snapshot', demo, '--workspace', ws, '--verbose', '--format', format, '--fail-on', 'none']).stdout
      expect(out.length).toBeGreaterThan(1000)
      expect(out, format).not.toMatch(/tag: tag /)
      expect(out, format).not.toMatch(/ may \d+ destructive/)
      expect(out, format).not.toContain('critical because it can delete')
      expect(out, format).not.toMatch(/`(arn:[^`]+)` → `\1`/)
    }
    expect(json(['scan', '--snapshot', demo]).findings.some((f) => f.environmentRule === 'tag Environment=production')).toBe(true)
  })

  it('Markdown cuts a long message at a word, never inside one', () => {
    const long = 'unrecoverable-deletion '.repeat(30)
    const c = cell(long, 100)
    expect(c.endsWith(' …')).toBe(true)
    expect(c.length).toBeLessThanOrEqual(100)
    for (const word of c.slice(0, -2).split(' ')) expect(word).toBe('unrecoverable-deletion')
  })

  it('one finding order in every format: JSON, CSV, SARIF, Markdown rows and text --verbose agree', () => {
    const args = ['scan', '--snapshot', demo, '--workspace', ws, '--fail-on', 'none']
    const r = json(args)
    const order = r.findings.map((f) => f.fingerprint)
    const csv = cli([...args, '--format', 'csv']).stdout.trim().split('\n').slice(1).map((l) => /,([0-9a-f]{32}),/.exec(l)?.[1])
    expect(csv).toEqual(order)
    const sarif = JSON.parse(cli([...args, '--format', 'sarif']).stdout) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }
    expect(sarif.runs[0].results.map((x) => x.partialFingerprints['bulkhead/v1'])).toEqual(order)
    // text --verbose: one line per finding, `    <check>  <resource>  <message>`, in the same order
    const lines = cli([...args, '--verbose']).stdout.split('\n')
    const at = (f: Finding) => lines.findIndex((l) => l.startsWith(`    ${f.checkId}  `) && l.includes(printable(f.message)))
    const positions = r.findings.filter((f) => !f.suppressed).map(at)
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    // Markdown rows, worst first in the same order
    const md = cli([...args, '--format', 'markdown']).stdout.split('\n').filter((l) => /^\| \S+ (critical|high|medium|low|info) \| `/.test(l))
    const mdChecks = md.map((l) => /\| `([a-z0-9-]+)` \|/.exec(l)?.[1])
    expect(mdChecks).toEqual(r.findings.filter((f) => !f.suppressed).slice(0, md.length).map((f) => f.checkId))
    expect(md.length).toBeGreaterThan(10)
  })

  it('a workspace-only scan says so in its header (no "snapshot · collected <now> · 0 accounts")', () => {
    const t = cli(['scan', '--workspace', ws, '--fail-on', 'none']).stdout
    expect(t.split('\n')[0]).toBe(`bulkhead 0.1.0 · workspace ${ws}`)
    expect(t).not.toContain('0 accounts')
    const md = cli(['scan', '--workspace', ws, '--fail-on', 'none', '--format', 'markdown']).stdout
    expect(md).toContain(`workspace ${ws}`)
    expect(md).not.toContain('0 accounts')
  })

  it('many findings on one resource withheld for one gap: one line, with their number', () => {
    const many = defineCheck({
      id: 'many-principals', title: 'test check', riskClass: 'backup', severity: 'high', description: 'test', remediation: 'test',
      references: [], compliance: {}, needs: ['backupPlans'],
      run: ({ inventory, finding }) => ['a', 'b', 'c'].map((p) => finding({
        resource: inventory.databases[0], principal: { arn: `arn:aws:iam::${PROD}:role/${p}` }, message: `${p} can delete it`, evidence: {},
      })),
    })
    const inv = estate().prodAccount().database('orders-prod').with((i) => i.gaps.push({
      part: 'backupPlans', accountId: PROD, region: REGION, what: `${PROD}/${REGION}/backup-list-backup-selections--p.json`, reason: 'backup:ListBackupSelections failed: 500', failed: true,
    })).build()
    const r = runChecks([many], inv, { iam: () => createIamEngine(inv) })
    expect(r.findings).toEqual([])
    const withheld = r.skipped.filter((s) => s.reason.includes('withheld'))
    expect(withheld.map((s) => s.reason)).toEqual([`3 findings on ${inv.arnOf('orders-prod')} withheld: ${PROD}/${REGION}/backup-list-backup-selections--p.json not collected (backup:ListBackupSelections failed: 500)`])
  })
})
