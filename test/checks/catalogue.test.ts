// The catalogue as a whole (ESLint's checkRuleFiles, Prowler's id check): every module under
// checks/<class>/ declares itself consistently, has a test, and maps only to real frameworks.
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FRAMEWORKS, RISK_CLASSES, SEVERITIES, type Check, type Framework } from '../../src/checks/define.js'
import { checkFiles } from '../../src/checks/registry.js'

const ROOT = resolve(import.meta.dirname, '../..')

const files = RISK_CLASSES.flatMap((riskClass) => {
  const dir = join(ROOT, 'checks', riskClass)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))
    .sort()
    .map((n) => ({ riskClass, id: n.slice(0, -3), file: join(dir, n) }))
})

const checks: { riskClass: string; id: string; file: string; check: Check }[] = await Promise.all(
  files.map(async (f) => ({ ...f, check: ((await import(pathToFileURL(f.file).href)) as { default: Check }).default })),
)

/** Control id shapes: CIS AWS Foundations v3.0.0, NIST 800-53 rev5, SOC 2 (2017 TSC), ISO 27001:2022 Annex A. */
const CONTROL_ID: Record<Framework, RegExp> = {
  'cis-aws': /^[1-5]\.\d{1,2}(\.\d{1,2})?$/,
  'nist-800-53': /^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$/,
  soc2: /^(CC[1-9]\.\d|A1\.[1-3]|C1\.[12]|PI1\.[1-5]|P[1-8]\.\d)$/,
  'iso-27001': /^A\.(5\.([1-9]|[1-3]\d)|6\.[1-8]|7\.([1-9]|1[0-4])|8\.([1-9]|[1-2]\d|3[0-4]))$/,
}

describe('check catalogue', () => {
  it('has checks in every risk class', () => {
    for (const riskClass of RISK_CLASSES) expect(checks.filter((c) => c.riskClass === riskClass).length).toBeGreaterThan(0)
  })

  it('is exactly what the registry discovers', () => {
    expect(checkFiles().map((f) => `${f.riskClass}/${f.id}`)).toEqual(files.map((f) => `${f.riskClass}/${f.id}`))
  })

  it('has unique ids and aliases', () => {
    const names = checks.flatMap(({ check }) => [check.id, ...(check.aliases ?? [])])
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })

  describe.each(checks)('$riskClass/$id', ({ riskClass, id, check }) => {
    it('default-exports a declaration whose id is the file name and riskClass the folder', () => {
      expect(check).toBeTypeOf('object')
      expect(check.id).toBe(id)
      expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(check.riskClass).toBe(riskClass)
      expect(check.run).toBeTypeOf('function')
    })

    it('has a test file', () => {
      expect(existsSync(join(ROOT, 'test', 'checks', riskClass, `${id}.test.ts`)), `test/checks/${riskClass}/${id}.test.ts`).toBe(true)
    })

    it('has a short title that states the risk, not "Ensure ..."', () => {
      expect(check.title.length).toBeGreaterThan(0)
      expect(check.title.length).toBeLessThanOrEqual(150)
      expect(check.title).not.toMatch(/^\s*ensure\b/i)
    })

    it('has a severity, a description and a remediation', () => {
      expect(SEVERITIES).toContain(check.severity)
      expect(check.description.trim().length).toBeGreaterThan(0)
      expect(check.remediation.trim().length).toBeGreaterThan(0)
    })

    it('has at least one reference, all https URLs', () => {
      expect(check.references.length).toBeGreaterThan(0)
      for (const ref of check.references) expect(new URL(ref).protocol, ref).toBe('https:')
    })

    it('maps only to known frameworks, with well-formed control ids', () => {
      for (const [framework, controls] of Object.entries(check.compliance)) {
        expect(FRAMEWORKS, framework).toContain(framework)
        expect(controls?.length, framework).toBeGreaterThan(0)
        for (const control of controls ?? []) expect(control, `${framework} ${control}`).toMatch(CONTROL_ID[framework as Framework])
      }
    })

    it('declares what it needs and options with defaults inside their bounds', () => {
      expect(check.needs.length).toBeGreaterThan(0)
      for (const [name, spec] of Object.entries(check.options ?? {})) {
        expect(spec.doc.length, name).toBeGreaterThan(0)
        if (spec.kind === 'integer') {
          expect(Number.isInteger(spec.default), name).toBe(true)
          if (spec.min !== undefined) expect(spec.default as number, name).toBeGreaterThanOrEqual(spec.min)
          if (spec.max !== undefined) expect(spec.default as number, name).toBeLessThanOrEqual(spec.max)
        }
      }
    })
  })
})
