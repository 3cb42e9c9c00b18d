// JSON Schema of the report (spec §5), printed by `bulkhead schema report`.
import { FRAMEWORKS, RISK_CLASSES, SEVERITIES } from '../checks/define.js'

const count = { type: 'integer', minimum: 0 }
const score = { type: 'integer', minimum: 0, maximum: 100 }
const str = { type: 'string' }
const nonEmpty = { type: 'string', minLength: 1 }

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
      properties: { kind: { enum: ['snapshot', 'aws'] }, collectedAt: { type: 'string', format: 'date-time' }, path: str },
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
      properties: {
        value: score,
        grade: { enum: ['A', 'B', 'C', 'D', 'F'] },
        byRiskClass: {
          type: 'object', required: [...RISK_CLASSES], additionalProperties: false,
          properties: Object.fromEntries(RISK_CLASSES.map((c) => [c, score])),
        },
      },
    },
    summary: {
      type: 'object',
      required: [...SEVERITIES, 'checksRun', 'checksSkipped', 'suppressed'],
      additionalProperties: false,
      properties: {
        ...Object.fromEntries(SEVERITIES.map((s) => [s, count])),
        checksRun: count, checksSkipped: count, suppressed: count, baselined: count, apiCalls: count,
      },
    },
    findings: { type: 'array', items: findingSchema },
    skipped: {
      type: 'array',
      items: { type: 'object', required: ['checkId', 'reason'], additionalProperties: false, properties: { checkId: str, reason: nonEmpty } },
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
  },
} as const
