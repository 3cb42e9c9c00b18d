// Scans local working trees for credentials (issue 6): the step of the incident where an agent
// "searched the repo and found an API token". Secrets stay in this module: what leaves it is a
// WorkspaceToken with the type, the first 4 characters and a 12-hex SHA-256 fingerprint.
import type { EnvironmentDecision, WorkspaceScan, WorkspaceToken } from '../inventory/types.js'
import { environmentOfFile, environmentOfJob, type EnvironmentGlobs } from './environment.js'
import { DEFAULT_MAX_FILE_BYTES, type WorkspaceOptions } from './options.js'
import { fileKindOf } from './file-kind.js'
import { scanText, type FoundCredential } from './scan-text.js'
import { fingerprintOfSecret, maskRandomRuns, previewOf } from './secret.js'
import { emptySkipCounts, walkTextFiles } from './walk.js'
import { ciJobsOf, type CiJob } from './yaml-blocks.js'

export { DEFAULT_MAX_FILE_BYTES, workspaceConfigSchema, type WorkspaceOptions } from './options.js'

export function scanWorkspace(roots: string[], options: WorkspaceOptions = {}): WorkspaceScan {
  const globs = options.environments ?? {}
  const walkOptions = { maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, exclude: options.exclude ?? [] }
  const skipped = emptySkipCounts()
  const tokens: WorkspaceToken[] = []
  const notSearched: NonNullable<WorkspaceScan['notSearched']> = []
  let filesScanned = 0
  for (const root of roots) {
    walkTextFiles(
      root, walkOptions, skipped,
      ({ relPath, text }) => {
        filesScanned++
        tokens.push(...tokensOfFile(root, relPath, text, globs))
      },
      ({ relPath, reason, detail }) => notSearched.push({ workspace: root, file: relPath, reason, detail }),
    )
  }
  tokens.sort((a, b) => a.workspace.localeCompare(b.workspace) || a.file.localeCompare(b.file) || a.line - b.line || a.type.localeCompare(b.type))
  notSearched.sort((a, b) => a.workspace.localeCompare(b.workspace) || a.file.localeCompare(b.file))
  return { roots: [...roots], filesScanned, tokens, filesSkipped: skipped, notSearched }
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

/** Field by field, so the secret is never copied onto the token; names (shown) lose random runs. */
function toToken(c: FoundCredential, workspace: string, file: string, environment: EnvironmentDecision, job: string | undefined): WorkspaceToken {
  return {
    type: c.type,
    workspace,
    file,
    line: c.line,
    ...(c.name !== undefined ? { name: maskRandomRuns(c.name) } : {}),
    preview: previewOf(c.secret),
    fingerprint: fingerprintOfSecret(c.secret),
    ...(c.accessKeyId !== undefined ? { accessKeyId: c.accessKeyId } : {}),
    ...(c.hasSecret !== undefined ? { hasSecret: c.hasSecret } : {}),
    ...(c.dbHost !== undefined ? { dbHost: c.dbHost, dbUser: c.dbUser ?? '' } : {}),
    environment,
    ...(job !== undefined ? { job } : {}),
    detector: maskRandomRuns(c.detector),
  }
}

export type { EnvironmentGlobs } from './environment.js'
