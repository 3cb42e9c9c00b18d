// Scans local working trees for credentials (issue 6): the step of the incident where an agent
// "searched the repo and found an API token". Secrets stay in this module: what leaves it is a
// WorkspaceToken with the type, the first 4 characters and a 12-hex SHA-256 fingerprint.
import type { EnvironmentDecision, WorkspaceScan, WorkspaceToken } from '../inventory/types.js'
import { CLASSIFIED_ENVIRONMENTS } from '../inventory/environment.js'
import { environmentOfFile, environmentOfJob, type EnvironmentGlobs } from './environment.js'
import { fileKindOf } from './file-kind.js'
import { scanText, type FoundCredential } from './scan-text.js'
import { fingerprintOfSecret, previewOf } from './secret.js'
import { emptySkipCounts, walkTextFiles } from './walk.js'
import { ciJobsOf, type CiJob } from './yaml-blocks.js'

export interface WorkspaceOptions {
  /** config `workspace.environments`: environment → path globs relative to the workspace root */
  environments?: EnvironmentGlobs
  /** files larger than this are not read (default 1 MiB) */
  maxFileBytes?: number
  /** config `workspace.exclude`: path globs not to read (vendored trees, generated files) */
  exclude?: string[]
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024

/** JSON Schema of the config's `workspace` key (included by the config schema). */
export const workspaceConfigSchema = {
  type: 'object',
  description: 'How --workspace directories are scanned for tokens.',
  additionalProperties: false,
  properties: {
    environments: {
      type: 'object',
      description:
        'Environment of workspace files by path glob (relative to the workspace root; ** any directories, * within one name; a pattern without / matches at any depth). Wins over file and directory names.',
      propertyNames: { enum: [...CLASSIFIED_ENVIRONMENTS] },
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    maxFileBytes: {
      type: 'integer', minimum: 1, default: DEFAULT_MAX_FILE_BYTES,
      description: 'Files larger than this many bytes are not read.',
    },
    exclude: {
      type: 'array', items: { type: 'string', minLength: 1 },
      description: 'Path globs not to read (.git and node_modules are always skipped).',
    },
  },
} as const

export function scanWorkspace(roots: string[], options: WorkspaceOptions = {}): WorkspaceScan {
  const globs = options.environments ?? {}
  const walkOptions = { maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, exclude: options.exclude ?? [] }
  const skipped = emptySkipCounts()
  const tokens: WorkspaceToken[] = []
  let filesScanned = 0
  for (const root of roots) {
    walkTextFiles(root, walkOptions, skipped, ({ relPath, text }) => {
      filesScanned++
      tokens.push(...tokensOfFile(root, relPath, text, globs))
    })
  }
  tokens.sort((a, b) => a.workspace.localeCompare(b.workspace) || a.file.localeCompare(b.file) || a.line - b.line || a.type.localeCompare(b.type))
  return { roots: [...roots], filesScanned, tokens, filesSkipped: skipped }
}

/** The credentials of one file, each with its environment (per CI job in workflow files). */
export function tokensOfFile(workspace: string, relPath: string, text: string, globs: EnvironmentGlobs = {}): WorkspaceToken[] {
  const kind = fileKindOf(relPath)
  const found = scanText(text, kind)
  if (found.length === 0) return []
  const fileEnvironment = environmentOfFile(relPath, globs)
  const jobs = kind === 'github-workflow' || kind === 'gitlab-ci' ? ciJobsOf(text, kind) : []
  return found.map((c) => {
    const job = innermostJob(jobs, c.line)
    return toToken(c, workspace, relPath, job ? environmentOfJob(job, relPath, globs) : fileEnvironment, job?.name)
  })
}

function innermostJob(jobs: CiJob[], line: number): CiJob | undefined {
  return jobs.find((j) => j.startLine <= line && line <= j.endLine)
}

/** Field by field, so the secret is never copied onto the token. */
function toToken(c: FoundCredential, workspace: string, file: string, environment: EnvironmentDecision, job: string | undefined): WorkspaceToken {
  return {
    type: c.type,
    workspace,
    file,
    line: c.line,
    ...(c.name !== undefined ? { name: c.name } : {}),
    preview: previewOf(c.secret),
    fingerprint: fingerprintOfSecret(c.secret),
    ...(c.accessKeyId !== undefined ? { accessKeyId: c.accessKeyId } : {}),
    ...(c.hasSecret !== undefined ? { hasSecret: c.hasSecret } : {}),
    ...(c.dbHost !== undefined ? { dbHost: c.dbHost, dbUser: c.dbUser ?? '' } : {}),
    environment,
    ...(job !== undefined ? { job } : {}),
    detector: c.detector,
  }
}

export type { EnvironmentGlobs } from './environment.js'
