import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyBaseline, createBaseline, readBaseline, type Baseline } from '../../src/suppress/baseline.js'
import { runBaseline } from '../../src/cli/baseline.js'
import { InputError, UsageError } from '../../src/errors.js'
import { dbArn, roleArn, sampleFinding, sampleReport } from '../support/sample-report.js'
import { STAGING } from '../support/estate.js'
import { assertValidFinding } from '../support/report-schema.js'

const orders = sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders') })
const deleter = sampleFinding({ checkId: 'can-delete-prod-database', resource: dbArn('orders'), principal: roleArn('ci', STAGING), severity: 'critical' })
const accepted = sampleFinding({
  checkId: 'backup-no-cross-region-copy', resource: dbArn('logs'),
  suppressed: { kind: 'suppression', reason: 'single-region by design', owner: 'sre', expires: '2027-01-01' },
})

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bulkhead-baseline-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('createBaseline', () => {
  it('lists every finding by fingerprint, check, resource and principal, sorted, without suppressed ones', () => {
    const b = createBaseline(sampleReport([orders, deleter, accepted]))
    expect(b).toEqual({
      bulkheadBaseline: 1,
      createdAt: '2026-11-27T00:00:00Z',
      findings: [
        { fingerprint: deleter.fingerprint, checkId: 'can-delete-prod-database', resourceArn: dbArn('orders'), principalArn: roleArn('ci', STAGING) },
        { fingerprint: orders.fingerprint, checkId: 'rds-deletion-protection-off', resourceArn: dbArn('orders') },
      ],
    })
  })
})

describe('applyBaseline', () => {
  const baseline = createBaseline(sampleReport([orders]))

  it('flags findings in the baseline and leaves new ones to fail', () => {
    const out = applyBaseline([orders, deleter], baseline, 'bulkhead-baseline.json')
    expect(out[0].suppressed).toEqual({ kind: 'baseline', reason: 'in baseline bulkhead-baseline.json' })
    expect(out[1].suppressed).toBeUndefined()
    for (const f of out) assertValidFinding(f)
  })

  it('matches by check, resource and principal when a stored fingerprint differs', () => {
    const edited: Baseline = { ...baseline, findings: [{ ...baseline.findings[0], fingerprint: '0'.repeat(32) }] }
    expect(applyBaseline([orders], edited)[0].suppressed?.kind).toBe('baseline')
  })

  it('does not match the same check and resource with another principal', () => {
    const b = createBaseline(sampleReport([deleter]))
    const other = sampleFinding({ checkId: deleter.checkId, resource: dbArn('orders'), principal: roleArn('other', STAGING) })
    expect(applyBaseline([other], b)[0].suppressed).toBeUndefined()
  })

  it('keeps a suppression flag rather than overwrite it', () => {
    const b = createBaseline(sampleReport([{ ...accepted, suppressed: undefined }]))
    expect(applyBaseline([accepted], b)[0].suppressed?.kind).toBe('suppression')
  })
})

describe('readBaseline', () => {
  const write = (content: string) => {
    const file = join(dir, 'baseline.json')
    writeFileSync(file, content)
    return file
  }

  it('reads what createBaseline wrote', () => {
    const b = createBaseline(sampleReport([orders, deleter]))
    expect(readBaseline(write(JSON.stringify(b)))).toEqual(b)
  })

  it.each([
    ['a missing file', null, '$', /does not exist/],
    ['broken JSON', '{"bulkheadBaseline": 1,', '$', /valid JSON/],
    ['a wrong version', '{"bulkheadBaseline": 2, "createdAt": "2026-11-27T00:00:00Z", "findings": []}', '$.bulkheadBaseline', /^1$/],
    ['a bad fingerprint', '{"bulkheadBaseline": 1, "createdAt": "2026-11-27T00:00:00Z", "findings": [{"fingerprint": "xyz", "checkId": "a", "resourceArn": "b"}]}', '$.findings[0].fingerprint', /matching/],
    ['a missing resourceArn', '{"bulkheadBaseline": 1, "createdAt": "2026-11-27T00:00:00Z", "findings": [{"fingerprint": "' + 'a'.repeat(32) + '", "checkId": "a"}]}', '$.findings[0].resourceArn', /present/],
  ])('throws an InputError naming file, path and expectation for %s', (_what, content, path, expected) => {
    const file = content === null ? join(dir, 'absent.json') : write(content)
    let err: unknown
    try { readBaseline(file) } catch (e) { err = e }
    expect(err).toBeInstanceOf(InputError)
    const e = err as InputError
    expect(e.file).toBe(file)
    expect(e.jsonPath).toBe(path)
    expect(e.expected).toMatch(expected)
    expect(e.message.startsWith(`${file}: ${path}: expected `)).toBe(true)
  })
})

describe('runBaseline', () => {
  it('writes a baseline from a JSON report and says how many findings it accepted', async () => {
    const from = join(dir, 'report.json')
    const out = join(dir, 'baseline.json')
    writeFileSync(from, JSON.stringify(sampleReport([orders, deleter, accepted])))
    const lines: string[] = []
    expect(await runBaseline({ from, out }, (l) => lines.push(l))).toBe(0)
    expect(readBaseline(out).findings.map((f) => f.checkId)).toEqual(['can-delete-prod-database', 'rds-deletion-protection-off'])
    expect(lines).toEqual([`baseline: 2 findings accepted into ${out} (1 covered by suppressions left out: they keep their own expiry)`])
  })

  it('refuses to overwrite the report it reads', async () => {
    const from = join(dir, 'report.json')
    writeFileSync(from, JSON.stringify(sampleReport([orders])))
    await expect(runBaseline({ from, out: join(dir, '.', 'report.json') }, () => {})).rejects.toBeInstanceOf(UsageError)
    expect(JSON.parse(readFileSync(from, 'utf8')).findings).toHaveLength(1)
  })

  it('rejects a file that is not a bulkhead report, naming the JSON path', async () => {
    const from = join(dir, 'sarif.json')
    writeFileSync(from, JSON.stringify({ version: '2.1.0', runs: [] }))
    await expect(runBaseline({ from, out: join(dir, 'b.json') }, () => {})).rejects.toThrow(`${from}: $.schemaVersion: expected this field to be present`)
  })

  it('rejects a report whose finding lacks a field, pointing at it', async () => {
    const from = join(dir, 'report.json')
    const report = sampleReport([orders]) as unknown as { findings: Record<string, unknown>[] }
    delete report.findings[0].remediation
    writeFileSync(from, JSON.stringify(report))
    await expect(runBaseline({ from, out: join(dir, 'b.json') }, () => {})).rejects.toThrow(/: \$\.findings\[0\]\.remediation: expected this field to be present/)
  })
})
