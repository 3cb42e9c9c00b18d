// `bulkhead checks`, `bulkhead explain ID`, `bulkhead schema report|config|snapshot`.
import { Chalk } from 'chalk'
import { findCheck, loadChecks } from '../checks/registry.js'
import { UsageError } from '../errors.js'
import type { Check } from '../checks/define.js'

type Out = { stdout: (s: string) => void }

const meta = (c: Check) => ({
  id: c.id, title: c.title, riskClass: c.riskClass, severity: c.severity, description: c.description,
  remediation: c.remediation, references: c.references, compliance: c.compliance, needs: c.needs,
  ...(c.aliases?.length ? { aliases: c.aliases } : {}),
  options: Object.fromEntries(Object.entries(c.options ?? {}).map(([k, s]) => [k, { default: s.default, doc: s.doc }])),
})

export async function runChecksCommand(format: 'text' | 'json', out: Out): Promise<number> {
  const checks = await loadChecks()
  if (format === 'json') {
    out.stdout(`${JSON.stringify(checks.map(meta), null, 2)}\n`)
    return 0
  }
  const width = Math.max(...checks.map((c) => c.id.length))
  const lines = checks.map((c) => {
    const frameworks = Object.entries(c.compliance).map(([f, ids]) => `${f} ${ids!.join(',')}`).join('; ')
    return `${c.id.padEnd(width)}  ${c.riskClass.padEnd(9)}  ${c.severity.padEnd(8)}  ${c.title}${frameworks ? `\n${' '.repeat(width + 23)}${frameworks}` : ''}`
  })
  out.stdout(`${'id'.padEnd(width)}  class      severity  title\n${lines.join('\n')}\n`)
  return 0
}

export async function runExplain(id: string, out: Out & { stderr?: (s: string) => void }): Promise<number> {
  const checks = await loadChecks()
  const c = findCheck(checks, id)
  if (!c) throw new UsageError(`explain: unknown check '${id}' (see 'bulkhead checks')`)
  const chalk = new Chalk({ level: process.stdout.isTTY && !process.env.NO_COLOR ? 1 : 0 })
  const options = Object.entries(c.options ?? {}).map(([k, s]) => `  ${k} (default ${JSON.stringify(s.default)}): ${s.doc}`)
  const compliance = Object.entries(c.compliance).map(([f, ids]) => `  ${f}: ${ids!.join(', ')}`)
  out.stdout(
    [
      chalk.bold(`${c.id} — ${c.title}`),
      `risk class: ${c.riskClass}   default severity: ${c.severity}`,
      '',
      c.description,
      '',
      chalk.bold('How to fix'),
      `  ${c.remediation}`,
      ...(options.length ? ['', chalk.bold('Options (config checks.<id>)'), ...options] : []),
      ...(compliance.length ? ['', chalk.bold('Compliance'), ...compliance] : []),
      '',
      chalk.bold('References'),
      ...c.references.map((r) => `  ${r}`),
      '',
    ].join('\n'),
  )
  return 0
}

export async function runSchema(which: string, out: Out): Promise<number> {
  let schema: unknown
  if (which === 'report') schema = (await import('../report/schema.js')).reportSchema
  else if (which === 'config') schema = (await import('../config/schema.js')).configSchema(await loadChecks())
  else if (which === 'snapshot') schema = (await import('../snapshot/schema-doc.js')).snapshotSchema()
  else throw new UsageError(`schema: expected 'report', 'config' or 'snapshot', got '${which}'`)
  out.stdout(`${JSON.stringify(schema, null, 2)}\n`)
  return 0
}
