import { mkdtempSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, ROOT } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'

describe('bulkhead checks / explain / schema', () => {
  it('lists every check module with class, severity and compliance mappings (json)', () => {
    const r = cli(['checks', '--format', 'json'])
    expect(r.code).toBe(0)
    const checks = JSON.parse(r.stdout) as { id: string; riskClass: string; severity: string; references: string[] }[]
    const ids = checks.map((c) => c.id)
    for (const id of ['rds-only-automated-backups', 'cross-env-role-trust', 'root-access-key', 'backup-vault-unlocked']) expect(ids).toContain(id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(checks.every((c) => c.references.every((u) => u.startsWith('https://')))).toBe(true)
  })
  it('explains a check: what, why, how to fix, references', () => {
    const r = cli(['explain', 'rds-backup-retention-short'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^rds-backup-retention-short — /)
    expect(r.stdout).toMatch(/How to fix\n\s+aws rds modify-db-/)
    expect(r.stdout).toMatch(/minRetentionDays \(default 7\)/)
    expect(r.stdout).toMatch(/References\n\s+https:\/\//)
  })
  it('prints the three schemas', () => {
    for (const which of ['report', 'config', 'snapshot']) {
      const r = cli(['schema', which])
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout).$schema).toMatch(/json-schema/)
    }
    expect(JSON.parse(cli(['schema', 'snapshot']).stdout).properties.formatVersion).toEqual({ const: 1 })
  })
})

describe('a lone authorization-details file', () => {
  it('is scanned as one account with the IAM checks only; the others are skipped, not clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-gaad-'))
    const file = join(dir, 'gaad.json')
    copyFileSync(join(ROOT, 'fixtures/authorization-details/acme-prod-gaad.json'), file)
    const r = cli(['scan', '--snapshot', file, '--format', 'json', '--fail-on', 'none'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.accounts).toEqual([expect.objectContaining({ id: '111111111111' })])
    const skipped = report.skipped.map((s: { checkId: string }) => s.checkId)
    expect(skipped).toContain('rds-only-automated-backups')
    expect(skipped).toContain('stale-access-key')
    expect(report.skipped[0].reason).toMatch(/IAM data only/)
  })
})
