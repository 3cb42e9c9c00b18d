// A baseline accepts today's findings so CI fails only on new ones: `bulkhead baseline` writes it
// from a JSON report, `scan --baseline FILE` flags the findings it lists. Findings are matched
// by fingerprint (a hash of check id, resource ARN and principal ARN: the same live or from a
// snapshot, and unchanged when the estate grows), or by that triple if the hash ever changes.
import type { Finding } from '../checks/define.js'
import { fingerprintOf } from '../checks/define.js'
import type { Report } from '../report/model.js'
import { readJsonFile } from './json-input.js'

export const BASELINE_VERSION = 1

export interface BaselineEntry {
  fingerprint: string
  checkId: string
  resourceArn: string
  principalArn?: string
}

export interface Baseline {
  bulkheadBaseline: typeof BASELINE_VERSION
  createdAt: string
  findings: BaselineEntry[]
}

export const baselineSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://bulkhead.dev/schema/baseline.json',
  title: 'bulkhead baseline',
  type: 'object',
  required: ['bulkheadBaseline', 'createdAt', 'findings'],
  additionalProperties: false,
  properties: {
    bulkheadBaseline: { const: BASELINE_VERSION },
    createdAt: { type: 'string', format: 'date-time' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fingerprint', 'checkId', 'resourceArn'],
        additionalProperties: false,
        properties: {
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
          checkId: { type: 'string', minLength: 1 },
          resourceArn: { type: 'string', minLength: 1 },
          principalArn: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const

/**
 * Everything the report found except what a suppression rule covers: a suppression has its own
 * owner and expiry, and copying it into the baseline would outlive both.
 */
export function createBaseline(report: Report): Baseline {
  const seen = new Set<string>()
  const findings: BaselineEntry[] = []
  for (const f of report.findings) {
    if (f.suppressed?.kind === 'suppression' || seen.has(f.fingerprint)) continue
    seen.add(f.fingerprint)
    findings.push({
      fingerprint: f.fingerprint,
      checkId: f.checkId,
      resourceArn: f.resource.arn,
      ...(f.principal ? { principalArn: f.principal.arn } : {}),
    })
  }
  findings.sort((a, b) => a.checkId.localeCompare(b.checkId) || a.resourceArn.localeCompare(b.resourceArn) || a.fingerprint.localeCompare(b.fingerprint))
  return { bulkheadBaseline: BASELINE_VERSION, createdAt: report.generatedAt, findings }
}

export function readBaseline(path: string): Baseline {
  return readJsonFile<Baseline>(path, baselineSchema, 'bulkhead baseline')
}

/** Flags findings listed in the baseline; findings already suppressed keep their flag. */
export function applyBaseline(findings: Finding[], baseline: Baseline, file = 'the baseline'): Finding[] {
  const known = new Set<string>()
  for (const e of baseline.findings) {
    known.add(e.fingerprint)
    known.add(fingerprintOf(e.checkId, e.resourceArn, e.principalArn))
  }
  return findings.map((f) =>
    !f.suppressed && known.has(f.fingerprint) ? { ...f, suppressed: { kind: 'baseline', reason: `in baseline ${file}` } } : f,
  )
}
