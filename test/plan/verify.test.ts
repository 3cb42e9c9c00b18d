// `bulkhead fix --verify` through the built CLI: it confirms the plan on every fixture (and either
// objective), and fails (exit 1) when a plan's claimed removal is made false, which is the point of
// verifying: a plan written earlier, edited, is checked again with --plan.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FixPlan } from '../../src/plan/types.js'
import type { Verification } from '../../src/plan/verify.js'
import { cli, fixture, ROOT } from '../support/cli.js'

const demo = fixture('shared-blast-radius')
const SOURCES: [string, string[]][] = [
  ['demo with its workspace', ['--snapshot', demo, '--workspace', join(demo, 'workspace')]],
  ['demo without workspace', ['--snapshot', demo]],
  ['demo workspace alone', ['--workspace', join(demo, 'workspace')]],
  ['well-isolated', ['--snapshot', fixture('well-isolated')]],
  ['a lone authorization-details file', ['--snapshot', join(ROOT, 'fixtures/authorization-details/acme-prod-gaad.json')]],
]

const tmp = () => mkdtempSync(join(tmpdir(), 'bulkhead-verify-'))

describe('bulkhead fix --verify', () => {
  for (const [name, args] of SOURCES) {
    for (const objective of ['critical', 'high']) {
      it(`confirms the plan: ${name}, --objective ${objective}`, () => {
        const r = cli(['fix', ...args, '--objective', objective, '--verify', '--format', 'json'])
        expect(r.stderr).toBe('')
        expect(r.code).toBe(0)
        const { plan, verification } = JSON.parse(r.stdout) as { plan: FixPlan; verification: Verification }
        expect(verification).toMatchObject({ ok: true, stillThere: [], created: [] })
        expect(verification.before).toBe(plan.findings)
        expect(verification.after).toBe(plan.findings - plan.removed)
        expect(plan.verified).toBe(true)
      })
    }
  }

  it('exits 1 naming the finding when a claimed removal is made false (a change\'s patch taken out of the plan)', () => {
    const args = SOURCES[0][1]
    const written = cli(['fix', ...args, '--format', 'json'])
    expect(written.code).toBe(0)
    const file = join(tmp(), 'plan.json')
    writeFileSync(file, written.stdout)
    // the saved plan as it was verifies
    expect(cli(['fix', ...args, '--verify', '--plan', file]).code).toBe(0)

    const saved = JSON.parse(written.stdout) as { plan: FixPlan }
    const vault = saved.plan.changes.find((c) => c.kind === 'vault-deny')!
    expect(vault.patch.length).toBeGreaterThan(0)
    vault.patch = []
    const tampered = join(tmp(), 'tampered.json')
    writeFileSync(tampered, JSON.stringify(saved))
    const r = cli(['fix', ...args, '--verify', '--plan', tampered, '--format', 'json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const { verification } = JSON.parse(r.stdout) as { verification: Verification }
    expect(verification.ok).toBe(false)
    expect(verification.stillThere.length).toBeGreaterThan(0)
    // every finding still there is one the plan claimed
    const claimed = new Set(saved.plan.changes.flatMap((c) => c.removes))
    for (const f of verification.stillThere) expect(claimed.has(f.fingerprint)).toBe(true)
    const text = cli(['fix', ...args, '--verify', '--plan', tampered])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/^NOT verified: \d+ claimed removal/m)
  })

  it('exits 1 when a plan claims a finding no change removes', () => {
    const args = SOURCES[1][1]
    const saved = JSON.parse(cli(['fix', ...args, '--format', 'json']).stdout) as { plan: FixPlan }
    expect(saved.plan.remaining.length).toBeGreaterThan(0)
    saved.plan.changes[0].removes.push(saved.plan.remaining[0].fingerprint)
    const file = join(tmp(), 'overclaimed.json')
    writeFileSync(file, JSON.stringify(saved))
    const r = cli(['fix', ...args, '--verify', '--plan', file, '--format', 'json'])
    expect(r.code).toBe(1)
    expect((JSON.parse(r.stdout) as { verification: Verification }).verification.stillThere.map((f) => f.fingerprint)).toEqual([saved.plan.remaining[0].fingerprint])
  })

  it('refuses a plan file that is no plan in one line (exit 2), and --plan without --verify', () => {
    const file = join(tmp(), 'bad.json')
    writeFileSync(file, JSON.stringify({ plan: { objective: 'critical' } }))
    const bad = cli(['fix', '--snapshot', demo, '--verify', '--plan', file])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(new RegExp(`^bulkhead: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\$\\.plan\\.\\w+: expected .*\\n$`))
    const alone = cli(['fix', '--snapshot', demo, '--plan', file])
    expect(alone.code).toBe(2)
    expect(alone.stderr.trim().split('\n')).toHaveLength(1)
  })
})
