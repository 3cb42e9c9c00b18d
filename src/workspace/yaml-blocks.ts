// The two YAML shapes whose structure matters: CI jobs (which job, deploying to which
// environment, holds a line) and Kubernetes Secrets (whose `data:` values are base64).
import { isMap, isPair, isScalar, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml'
import type { FileKind } from './file-kind.js'

export interface CiJob {
  name: string
  /** 1-based, inclusive */
  startLine: number
  endLine: number
  /** the job's `environment:` (a string, or `name:` of a map), as written */
  environment?: string
}

export interface SecretDataValue {
  key: string
  /** base64 as written, and its line */
  encoded: string
  line: number
}

// GitLab CI top-level keys that are settings, not jobs.
const GITLAB_RESERVED = new Set([
  'stages', 'variables', 'default', 'include', 'image', 'services', 'before_script', 'after_script',
  'cache', 'workflow', 'spec',
])

function documentsOf(text: string): { docs: ReturnType<typeof parseAllDocuments>; lines: LineCounter } {
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false })
  return { docs, lines }
}

function lineOf(lines: LineCounter, offset: number): number {
  return Math.max(1, lines.linePos(offset).line)
}

function environmentName(node: unknown): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value
  if (isMap(node)) {
    const name = node.get('name')
    return typeof name === 'string' ? name : undefined
  }
  return undefined
}

function jobsOfMap(map: YAMLMap, lines: LineCounter, isJob: (name: string) => boolean): CiJob[] {
  const jobs: CiJob[] = []
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isMap(pair.value)) continue
    const name = String(pair.key.value)
    if (!isJob(name)) continue
    const start = (pair.key as Node).range?.[0]
    const end = (pair.value as Node).range?.[1]
    if (start === undefined || end === undefined) continue
    jobs.push({
      name,
      startLine: lineOf(lines, start),
      endLine: lineOf(lines, Math.max(start, end - 1)),
      environment: environmentName(pair.value.get('environment', true)),
    })
  }
  return jobs
}

/** Jobs of a GitHub Actions workflow or a GitLab CI file; [] when the YAML does not parse. */
export function ciJobsOf(text: string, kind: FileKind): CiJob[] {
  const { docs, lines } = documentsOf(text)
  const jobs: CiJob[] = []
  for (const doc of docs) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue
    if (kind === 'github-workflow') {
      const jobsNode = doc.contents.get('jobs', true)
      if (isMap(jobsNode)) jobs.push(...jobsOfMap(jobsNode, lines, () => true))
    } else if (kind === 'gitlab-ci') {
      jobs.push(...jobsOfMap(doc.contents, lines, (n) => !n.startsWith('.') && !GITLAB_RESERVED.has(n)))
    }
  }
  return jobs
}

/** `data:` entries of every `kind: Secret` document in a YAML file. */
export function kubernetesSecretData(text: string): SecretDataValue[] {
  const { docs, lines } = documentsOf(text)
  const values: SecretDataValue[] = []
  for (const doc of docs) {
    if (doc.errors.length > 0 || !isMap(doc.contents) || doc.contents.get('kind') !== 'Secret') continue
    const data = doc.contents.get('data', true)
    if (!isMap(data)) continue
    for (const pair of data.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue
      const offset = (pair.value as Node).range?.[0]
      if (offset === undefined) continue
      values.push({ key: String(pair.key.value), encoded: pair.value.value, line: lineOf(lines, offset) })
    }
  }
  return values
}

export const mayBeKubernetesSecret = (text: string): boolean => /^kind:\s*["']?Secret["']?\s*$/m.test(text)
