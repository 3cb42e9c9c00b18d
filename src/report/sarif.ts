// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (spec §5). It must pass
// `sarif-multitool validate --rule-kind "Gh;Sarif"` with zero errors and zero warnings, which is
// why every message ends with a period, every result has a physical location (GitHub drops
// results without one) and the ARN rides along as a logical location.
import { isAbsolute, posix } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Finding, Severity } from '../checks/define.js'
import { isComplianceSection, type ComplianceSection } from './compliance.js'
import type { Report } from './model.js'
import { printableJson } from './printable.js'
import type { CheckMeta, RenderContext } from './render.js'
import { pathSteps, stepTarget, stepText } from './steps.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
export const INFORMATION_URI = 'https://bulkhead.dev'
export const SRCROOT = '%SRCROOT%'

type Level = 'error' | 'warning' | 'note'
const MAX_TAGS = 10

/** GitHub ranks alerts by security-severity: > 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0',
}
export const LEVEL: Readonly<Record<Severity, Level>> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note',
}

/** SARIF2001: messages are sentences. */
export function sentence(s: string): string {
  const t = s.trim()
  return /[.!?]$/.test(t) ? t : `${t}.`
}

export function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('')
}

function rule(c: CheckMeta) {
  const references = c.references.map((u) => `- ${u}`).join('\n')
  const text = [c.description, `Remediation: ${c.remediation}`, ...(c.references.length ? ['References:', ...c.references] : [])].join('\n')
  const markdown = [sentence(c.description), '', `**Remediation:** ${c.remediation}`, ...(references ? ['', '**References:**', references] : [])].join('\n')
  const frameworks = Object.entries(c.compliance).flatMap(([framework, ids]) => (ids ?? []).map((id) => `${framework}/${id}`))
  return {
    id: c.id,
    name: pascalCase(c.id),
    shortDescription: { text: sentence(c.title) },
    fullDescription: { text: sentence(c.description) },
    help: { text, markdown },
    ...(c.references[0] ? { helpUri: c.references[0] } : {}),
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: {
      // GitHub keeps only the first 10 tags of a rule; the full mapping rides in `compliance`
      tags: ['security', c.riskClass, ...frameworks].slice(0, MAX_TAGS),
      compliance: c.compliance,
      'security-severity': SECURITY_SEVERITY[c.severity],
      precision: 'high',
      'problem.severity': LEVEL[c.severity] === 'note' ? 'recommendation' : LEVEL[c.severity],
    },
  }
}

/** A finding whose check is not in ctx.checks still needs a rule for ruleIndex to point at. */
function metaFromFinding(f: Finding): CheckMeta {
  return {
    id: f.checkId, title: f.title, riskClass: f.riskClass, severity: f.severity, description: f.title,
    remediation: f.remediation, references: [], compliance: f.compliance,
  }
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/')
  if (isAbsolute(file) || /^[A-Za-z]:\//.test(slashed)) return { uri: pathToFileURL(file).href }
  const relative = slashed.replace(/^(\.\/)+/, '')
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT }
}

/**
 * SARIF fixes: each change of the plan that removes the finding and edits snapshot files, as
 * character replacements of those files as collected (the change alone; changes it needs as well
 * are named in the description).
 */
function fixesOf(f: Finding, report: Report) {
  const plan = report.plan
  if (!plan || report.source.kind !== 'snapshot' || !report.source.path) return {}
  const root = report.source.path.replace(/\\/g, '/')
  const number = new Map(plan.changes.map((c, i) => [c.id, i + 1]))
  const fixes = plan.changes
    .filter((c) => c.removes.includes(f.fingerprint) && c.textEdits?.length)
    .map((c) => {
      const others = (c.with?.[f.fingerprint] ?? []).map((id) => number.get(id)).filter(Boolean)
      return {
        description: { text: sentence(`Fix first, change ${number.get(c.id)}: ${c.title}${others.length ? ` (with change ${others.join(', ')})` : ''}`) },
        artifactChanges: c.textEdits!.map((t) => ({
          artifactLocation: artifactLocation(posix.join(root, t.file)),
          replacements: t.edits.map((e) => ({ deletedRegion: { charOffset: e.offset, charLength: e.length }, insertedContent: { text: e.text } })),
        })),
      }
    })
  return fixes.length ? { fixes } : {}
}

/** The --compliance framework's failing controls a finding's check maps to. */
function controlsOf(f: Finding, report: Report): string[] | undefined {
  if (!isComplianceSection(report.compliance)) return undefined
  return report.compliance.controls.filter((c) => c.status === 'fail' && c.checks.includes(f.checkId)).map((c) => c.id)
}

function result(f: Finding, ruleIndex: number, report: Report) {
  const controls = controlsOf(f, report)
  return {
    ruleId: f.checkId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(f.location.file), region: { startLine: f.location.line ?? 1 } },
        logicalLocations: [{ fullyQualifiedName: f.resource.arn, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'bulkhead/v1': f.fingerprint },
    ...codeFlows(f),
    ...fixesOf(f, report),
    ...(f.suppressed
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.suppressed.kind}: ${f.suppressed.reason}` }] }
      : {}),
    properties: {
      severity: f.severity,
      riskClass: f.riskClass,
      accountId: f.accountId,
      region: f.region,
      environment: f.environment,
      resourceType: f.resource.type,
      ...(f.principal ? { principal: f.principal.arn } : {}),
      evidence: f.evidence,
      ...(f.suppressed ? { suppression: f.suppressed } : {}),
      ...(controls ? { controls } : {}),
    },
  }
}

/**
 * A finding's step-by-step path (who assumes what, then deletes what) as a SARIF code flow, so a
 * viewer shows the chain in order; each step names the ARN it reaches as a logical location.
 */
function codeFlows(f: Finding) {
  const path = Array.isArray(f.evidence.path) ? f.evidence.path : []
  const texts = pathSteps(f)
  if (texts.length === 0) return {}
  const physicalLocation = { artifactLocation: artifactLocation(f.location.file), region: { startLine: f.location.line ?? 1 } }
  const targets = new Map(path.map((step) => [stepText(step), stepTarget(step)]))
  return {
    codeFlows: [
      {
        message: { text: sentence(`${texts.length} steps from ${f.principal?.arn ?? 'the principal'} to ${f.resource.arn}`) },
        threadFlows: [
          {
            locations: texts.map((text, i) => {
              const target = targets.get(text)
              return {
                executionOrder: i + 1,
                location: {
                  physicalLocation,
                  message: { text: sentence(text) },
                  ...(target ? { logicalLocations: [{ fullyQualifiedName: target, kind: 'resource' }] } : {}),
                },
              }
            }),
          },
        ],
      },
    ],
  }
}

function notifications(report: Report, ruleIndex: Map<string, number>) {
  const errors = report.errors.map((e) => ({
    level: 'warning' as const,
    message: { text: sentence(`${[e.accountId, e.region].filter(Boolean).join('/') || 'scan'}: ${e.operation} failed: ${e.message}`) },
  }))
  const skipped = report.skipped.map((s) => ({
    level: 'note' as const,
    message: { text: sentence(`${s.checkId} skipped: ${s.reason}`) },
    ...(ruleIndex.has(s.checkId) ? { associatedRule: { id: s.checkId, index: ruleIndex.get(s.checkId) } } : {}),
  }))
  return [...errors, ...skipped]
}

export function render(report: Report, ctx: RenderContext): string {
  const metas = [...ctx.checks]
  for (const f of report.findings) if (!metas.some((m) => m.id === f.checkId)) metas.push(metaFromFinding(f))
  const ruleIndex = new Map(metas.map((m, i) => [m.id, i]))
  const toolNotifications = notifications(report, ruleIndex)
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bulkhead',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: metas.map(rule),
          },
        },
        invocations: [
          { executionSuccessful: true, ...(toolNotifications.length ? { toolExecutionNotifications: toolNotifications } : {}) },
        ],
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The directory bulkhead scanned: the snapshot root for cloud resources, the workspace for files.' } },
        },
        results: report.findings.map((f) => result(f, ruleIndex.get(f.checkId)!, report)),
        properties: {
          score: report.score, summary: report.summary, source: report.source,
          ...(report.plan ? { plan: planSummary(report.plan) } : {}),
          ...(isComplianceSection(report.compliance) ? { compliance: complianceSummary(report.compliance) } : {}),
        },
      },
    ],
  }
  return `${printableJson(log)}\n`
}

/** The plan in the run's properties: what to change first and what each removes (patches ride in the fixes). */
function planSummary(plan: NonNullable<Report['plan']>) {
  return {
    objective: plan.objective, findings: plan.findings, removed: plan.removed, cost: plan.cost, optimal: plan.optimal, verified: plan.verified,
    changes: plan.changes.map((c, i) => ({ number: i + 1, id: c.id, kind: c.kind, title: c.title, cost: c.cost, removes: c.removes })),
    remaining: plan.remaining.map((r) => ({ fingerprint: r.fingerprint, checkId: r.checkId, reason: r.reason })),
  }
}

function complianceSummary(c: ComplianceSection) {
  return { framework: c.framework, name: c.name, version: c.version, totals: c.totals, failing: c.controls.filter((x) => x.status === 'fail').map((x) => x.id) }
}
