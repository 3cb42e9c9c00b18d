// The plan's budget: an organization where thousands of principals can each destroy each prod
// store has thousands of critical findings; an exact plan over all their paths would take
// minutes, so the scan says it was not computed (and still reports every finding), and
// `bulkhead fix` asks for a narrower scope in one line instead of running for ever.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/checks/define.js'
import { overBudget, PLAN_BUDGET } from '../../src/plan/index.js'
import type { Report } from '../../src/report/model.js'
import { cli, ROOT } from '../support/cli.js'

const finding = (i: number, severity: Finding['severity'], suppressed = false) =>
  ({ fingerprint: `f${i}`, severity, ...(suppressed ? { suppressed: { by: 'baseline' } } : {}) }) as unknown as Finding

describe('the plan budget', () => {
  it('counts only open findings at or above the objective', () => {
    const at = (n: number, s: Finding['severity']) => Array.from({ length: n }, (_, i) => finding(i, s))
    expect(overBudget(at(PLAN_BUDGET, 'critical'), 'critical')).toBeUndefined()
    expect(overBudget([...at(PLAN_BUDGET, 'critical'), ...at(50, 'high'), finding(9999, 'critical', true)], 'critical')).toBeUndefined()
    expect(overBudget([...at(PLAN_BUDGET, 'critical'), ...at(1, 'high')], 'high')).toBe(
      `Fix first was not computed: ${PLAN_BUDGET + 1} high findings are more than the plan's budget of ${PLAN_BUDGET} (run bulkhead fix with --checks, or on fewer accounts, for a plan)`,
    )
  })

  it('on an organization of 3 × 300 roles: the scan reports every finding without a plan and says why; fix refuses in one line', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bulkhead-budget-')), 'org')
    const gen = spawnSync('python3', [join(ROOT, 'bench/gen_org.py'), '--accounts', '3', '--roles', '300', '--seed', '1', '-o', dir], { encoding: 'utf8' })
    expect(gen.status, gen.stderr).toBe(0)
    const out = join(dir, '..', 'report.json')
    const scan = cli(['scan', '--snapshot', dir, '--format', 'json', '--output', out])
    expect(scan.code).toBe(1)
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report
    expect(report.summary.critical).toBeGreaterThan(PLAN_BUDGET)
    expect(report.plan).toBeUndefined()
    expect(report.warnings).toContain(
      `Fix first was not computed: ${report.summary.critical} critical findings are more than the plan's budget of ${PLAN_BUDGET} (run bulkhead fix with --checks, or on fewer accounts, for a plan)`,
    )
    expect(report.findings.length).toBe(report.summary.critical + report.summary.high + report.summary.medium + report.summary.low + report.summary.info)
    const fix = cli(['fix', '--snapshot', dir])
    expect(fix.code).toBe(2)
    expect(fix.stderr.trim().split('\n')).toEqual([`bulkhead: fix: no plan: ${report.summary.critical} critical findings are more than the plan's budget of ${PLAN_BUDGET} (run bulkhead fix with --checks, or on fewer accounts, for a plan)`])
  }, 240_000)
})
