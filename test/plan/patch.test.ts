// The plan's patches applied by an independent RFC 6902 implementation (fast-json-patch) to a copy
// of each fixture estate, the copy scanned again by the built CLI: every finding the plan claims to
// remove is gone at the objective (critical), and the fixture itself is untouched. Workspace edits are applied as a person
// would read them (the named line deleted, and the secret key beside a key id), break-glass
// declarations as a config file.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { createHash } from 'node:crypto'
import fastJsonPatch from 'fast-json-patch'
import { describe, expect, it } from 'vitest'
import type { Operation } from 'fast-json-patch'
import type { FixPlan } from '../../src/plan/types.js'
import { cli, fixture } from '../support/cli.js'

const { applyPatch } = fastJsonPatch

/** Every file under a directory with the hash of its bytes. */
function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else out[relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex')
    }
  }
  walk(dir)
  return out
}

const ESTATES = [
  { name: 'shared-blast-radius', workspace: true },
  { name: 'well-isolated', workspace: false },
]

describe('the plan\'s patches, applied by fast-json-patch to a copy of each fixture, and rescanned', () => {
  for (const { name, workspace } of ESTATES) {
    it(`${name}: every finding the plan claims removed is gone; the fixture is unchanged`, () => {
      const src = fixture(name)
      const before = treeHash(src)
      const ws = workspace ? ['--workspace', join(src, 'workspace')] : []
      const r = cli(['fix', '--snapshot', src, ...ws, '--format', 'json'])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const plan = (JSON.parse(r.stdout) as { plan: FixPlan }).plan
      const copy = join(mkdtempSync(join(tmpdir(), 'bulkhead-patch-')), name)
      cpSync(src, copy, { recursive: true })

      for (const change of plan.changes) {
        for (const p of change.patch) {
          const file = join(copy, p.file)
          const doc: unknown = p.create ? undefined : JSON.parse(readFileSync(file, 'utf8'))
          // validate: true makes fast-json-patch refuse an op whose path does not exist (a `test` that fails too)
          const result = applyPatch(doc, p.ops as Operation[], true, false).newDocument
          mkdirSync(dirname(file), { recursive: true })
          writeFileSync(file, JSON.stringify(result, null, 2))
        }
        for (const w of change.workspace ?? []) {
          const file = join(copy, 'workspace', w.file)
          const lines = readFileSync(file, 'utf8').split('\n')
          const drop = new Set([w.line - 1])
          // a key pair: the secret access key beside the key id goes too
          if (/secret access key beside it/.test(w.what)) for (const i of [w.line - 2, w.line]) if (/SECRET_ACCESS_KEY/.test(lines[i] ?? '')) drop.add(i)
          writeFileSync(file, lines.filter((_, i) => !drop.has(i)).join('\n'))
        }
      }
      const breakGlass = plan.changes.flatMap((c) => c.config?.breakGlass ?? [])
      const config = join(copy, '..', 'bulkhead.config.json')
      writeFileSync(config, JSON.stringify({ breakGlass }))

      const claimed = new Set(plan.changes.flatMap((c) => c.removes))
      expect(claimed.size).toBe(plan.removed)
      const after = cli(['scan', '--snapshot', copy, ...(workspace ? ['--workspace', join(copy, 'workspace')] : []), '--config', config, '--format', 'json', '--fail-on', 'none'])
      expect(after.stderr).toBe('')
      // removed at the objective (spec §9): gone, or below critical (a path left only under a condition is high)
      const critical = (JSON.parse(after.stdout) as { findings: { fingerprint: string; severity: string }[] }).findings.filter((f) => f.severity === 'critical').map((f) => f.fingerprint)
      expect(critical.filter((fp) => claimed.has(fp))).toEqual([])
      // and what is left at the objective is exactly what the plan said no change removes
      expect(critical.sort()).toEqual(plan.remaining.map((x) => x.fingerprint).sort())
      if (name === 'shared-blast-radius') expect(claimed.size).toBeGreaterThan(0)
      expect(treeHash(src)).toEqual(before)
    })
  }
})
