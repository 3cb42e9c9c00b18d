// Workspace scan settings and their config schema: apart from the scanner, so loading the config
// does not load the detectors.
import { CLASSIFIED_ENVIRONMENTS } from '../inventory/environment.js'
import type { EnvironmentGlobs } from './environment.js'

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

