// The step-by-step path some findings carry in `evidence.path` (unrecoverable-deletion,
// escalation), as one line per step: shared by the text and SARIF reporters.
import type { Finding } from '../checks/define.js'

const str = (v: unknown): v is string => typeof v === 'string'

/** A path step as the IAM checks write it (src/checks/paths.ts pathEvidence). */
function iamStepText(o: Record<string, unknown>): string {
  const target = str(o.to) ? ` → ${o.to}` : str(o.resource) ? ` on ${o.resource}` : ''
  const method = str(o.method) ? ` (escalation: ${o.method})` : ''
  const conditional = o.verdict === 'conditional' ? ' [conditional]' : ''
  const via = Array.isArray(o.via) && o.via.length ? ` via ${o.via.join(', ')}` : ''
  return `${o.from} ${o.action}${target}${method}${conditional}${via}`
}

export function stepText(step: unknown): string {
  if (typeof step === 'string') return step
  if (step && typeof step === 'object') {
    const o = step as Record<string, unknown>
    if (str(o.from) && str(o.action)) return iamStepText(o)
    for (const k of ['description', 'text', 'step', 'summary', 'message']) if (typeof o[k] === 'string') return o[k] as string
    return Object.entries(o)
      .map(([k, v]) => `${k} ${typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : JSON.stringify(v)}`)
      .join(', ')
  }
  return String(step)
}

/** The finding's path steps as text, each hop once (a path through one role repeats it). */
export function pathSteps(f: Finding): string[] {
  const path = f.evidence.path
  return Array.isArray(path) ? [...new Set(path.map(stepText))] : []
}

/** The ARN a step leads to, when it names one. */
export function stepTarget(step: unknown): string | undefined {
  if (!step || typeof step !== 'object') return undefined
  const o = step as Record<string, unknown>
  return str(o.to) ? o.to : str(o.resource) && o.resource.startsWith('arn:') ? o.resource : undefined
}
