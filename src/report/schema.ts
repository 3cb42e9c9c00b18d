// JSON Schema of the report (spec §5), printed by `bulkhead schema report`.
import { FRAMEWORKS, RISK_CLASSES, SEVERITIES } from '../checks/define.js'

const count = { type: 'integer', minimum: 0 }
const score = { type: 'integer', minimum: 0, maximum: 100 }
const str = { type: 'string' }
const nonEmpty = { type: 'string', minLength: 1 }
const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, 'null'] })

const compliance = {
  type: 'object',
  propertyNames: { enum: [...FRAMEWORKS] },
  additionalProperties: { type: 'array', items: nonEmpty },
}

export const findingSchema = {
  $id: 'https://bulkhead.dev/schema/finding.json',
  type: 'object',
  required: [
    'fingerprint', 'checkId', 'title', 'severity', 'riskClass', 'accountId', 'region', 'environment',
    'resource', 'message', 'evidence', 'remediation', 'compliance', 'location',
  ],
  additionalProperties: false,
  properties: {
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
    checkId: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    title: nonEmpty,
    severity: { enum: [...SEVERITIES] },
    riskClass: { enum: [...RISK_CLASSES] },
    accountId: str,
    region: nonEmpty,
    environment: { enum: ['prod', 'staging', 'dev', 'test', 'unknown', 'external'] },
    environmentRule: str,
    resource: {
      type: 'object', required: ['arn', 'type'], additionalProperties: false,
      properties: { arn: nonEmpty, type: nonEmpty },
    },
    principal: { type: 'object', required: ['arn'], additionalProperties: false, properties: { arn: nonEmpty } },
    message: nonEmpty,
    evidence: { type: 'object' },
    remediation: nonEmpty,
    compliance,
    location: {
      type: 'object', required: ['file'], additionalProperties: false,
      properties: { file: nonEmpty, line: { type: 'integer', minimum: 1 } },
    },
    suppressed: {
      type: 'object', required: ['kind', 'reason'], additionalProperties: false,
      properties: {
        kind: { enum: ['suppression', 'baseline'] }, reason: nonEmpty, owner: str,
        expires: { type: 'string', format: 'date' },
      },
    },
  },
} as const

const patchOp = {
  type: 'object', required: ['op', 'path'], additionalProperties: false,
  properties: { op: { enum: ['add', 'remove', 'replace'] }, path: { type: 'string', pattern: '^(/.*)?$' }, value: {} },
}

/** spec §9: the plan (src/plan/types.ts FixPlan) */
export const planSchema = {
  $id: 'https://bulkhead.dev/schema/plan.json',
  type: 'object',
  required: ['objective', 'findings', 'removed', 'cost', 'optimal', 'verified', 'solver', 'rounds', 'candidates', 'changes', 'remaining'],
  additionalProperties: false,
  properties: {
    objective: { enum: ['critical', 'high'] },
    findings: count, removed: count, cost: count, rounds: count, candidates: count,
    optimal: { type: 'boolean' }, verified: { type: 'boolean' },
    solver: { enum: ['highs', 'greedy', 'none'] },
    problems: { type: 'array', items: nonEmpty },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'title', 'target', 'reason', 'cost', 'costReason', 'removes', 'policies', 'commands', 'patch'],
        additionalProperties: false,
        properties: {
          id: nonEmpty, title: nonEmpty, target: nonEmpty, reason: nonEmpty, costReason: nonEmpty, note: nonEmpty,
          kind: { enum: ['vault-deny', 'bucket-deny', 'narrow-statement', 'remove-statement', 'remove-trust-principal', 'deletion-protection', 'deactivate-key', 'remove-workspace-secret', 'break-glass', 'vault-lock'] },
          cost: { type: 'integer', minimum: 1 },
          removes: { type: 'array', items: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
          with: { type: 'object', additionalProperties: { type: 'array', items: nonEmpty } },
          policies: {
            type: 'array',
            items: { type: 'object', required: ['id', 'file', 'document'], additionalProperties: false, properties: { id: nonEmpty, file: nonEmpty, document: { type: 'object', required: ['Statement'] } } },
          },
          commands: { type: 'array', items: nonEmpty },
          patch: {
            type: 'array',
            items: { type: 'object', required: ['file', 'ops'], additionalProperties: false, properties: { file: nonEmpty, ops: { type: 'array', minItems: 1, items: patchOp }, create: { const: true } } },
          },
          workspace: {
            type: 'array',
            items: { type: 'object', required: ['root', 'file', 'line', 'what'], additionalProperties: false, properties: { root: str, file: nonEmpty, line: { type: 'integer', minimum: 1 }, name: str, what: nonEmpty } },
          },
          textEdits: {
            type: 'array',
            items: {
              type: 'object', required: ['file', 'edits'], additionalProperties: false,
              properties: {
                file: nonEmpty,
                edits: { type: 'array', items: { type: 'object', required: ['offset', 'length', 'text'], additionalProperties: false, properties: { offset: count, length: count, text: str } } },
              },
            },
          },
          cuts: {
            type: 'array',
            items: { type: 'object', required: ['from', 'action'], additionalProperties: false, properties: { from: nonEmpty, action: nonEmpty, to: nonEmpty, resource: nonEmpty } },
          },
          config: { type: 'object', required: ['breakGlass'], additionalProperties: false, properties: { breakGlass: { type: 'array', items: nonEmpty } } },
        },
      },
    },
    remaining: {
      type: 'array',
      items: {
        type: 'object', required: ['fingerprint', 'checkId', 'resource', 'reason'], additionalProperties: false,
        properties: { fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' }, checkId: nonEmpty, resource: nonEmpty, principal: nonEmpty, reason: nonEmpty },
      },
    },
  },
} as const

export const reportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://bulkhead.dev/schema/report.json',
  title: 'bulkhead report',
  type: 'object',
  required: ['schemaVersion', 'tool', 'generatedAt', 'source', 'accounts', 'score', 'summary', 'findings', 'skipped', 'errors'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: '1' },
    tool: {
      type: 'object', required: ['name', 'version'], additionalProperties: false,
      properties: { name: { const: 'bulkhead' }, version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' } },
    },
    generatedAt: { type: 'string', format: 'date-time' },
    source: {
      type: 'object', required: ['kind', 'collectedAt'], additionalProperties: false,
      properties: {
        kind: { enum: ['snapshot', 'aws', 'workspace'] }, collectedAt: { type: 'string', format: 'date-time' }, path: str,
        workspaces: { type: 'array', items: str },
      },
    },
    accounts: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'name', 'environment'], additionalProperties: false,
        properties: { id: str, name: str, environment: str },
      },
    },
    score: {
      type: 'object', required: ['value', 'grade', 'byRiskClass'], additionalProperties: false,
      description: 'null: not assessed (no check of the class, or none at all, ran)',
      properties: {
        value: nullable(score),
        grade: { enum: ['A', 'B', 'C', 'D', 'F', null] },
        byRiskClass: {
          type: 'object', required: [...RISK_CLASSES], additionalProperties: false,
          properties: Object.fromEntries(RISK_CLASSES.map((c) => [c, nullable(score)])),
        },
      },
    },
    summary: {
      type: 'object',
      required: [...SEVERITIES, 'checksRun', 'checksSkipped', 'suppressed'],
      additionalProperties: false,
      properties: {
        ...Object.fromEntries(SEVERITIES.map((s) => [s, count])),
        checksRun: count, checksSkipped: count, checksPartial: count, exemptPrincipals: count, suppressed: count, baselined: count, apiCalls: count,
      },
    },
    findings: { type: 'array', items: findingSchema },
    skipped: {
      type: 'array',
      items: {
        type: 'object', required: ['checkId', 'reason'], additionalProperties: false,
        properties: { checkId: str, reason: nonEmpty, kind: { enum: ['not-run', 'partial', 'exempt'] }, principal: nonEmpty },
      },
    },
    errors: {
      type: 'array',
      items: {
        type: 'object', required: ['operation', 'message'], additionalProperties: false,
        properties: { accountId: str, region: str, operation: nonEmpty, file: str, message: nonEmpty },
      },
    },
    compliance: { type: 'object' },
    warnings: { type: 'array', items: str },
    plan: planSchema,
  },
} as const
