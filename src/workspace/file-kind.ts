// Which files hold credentials as `NAME = value` settings, and which are CI definitions.
// Every text file is searched for known formats; only config-like files have their unquoted
// values judged by name, because in source code `TOKEN = getToken()` is not a value.

export type FileKind =
  | 'dotenv' // .env, .env.production, prod.env
  | 'shell' // *.sh, .bashrc, .envrc: export X=...
  | 'ini' // ~/.aws/credentials and config, *.ini, *.cfg, *.conf, *.properties, *.toml
  | 'tfvars' // *.tfvars (HCL assignments)
  | 'yaml' // *.yml, *.yaml (compose files, Kubernetes manifests, app config)
  | 'json'
  | 'github-workflow' // .github/workflows/*.yml
  | 'gitlab-ci' // .gitlab-ci.yml
  | 'code' // any other text file: known formats and quoted named values only

const SHELL_NAMES = new Set(['.bashrc', '.bash_profile', '.profile', '.zshrc', '.zshenv', '.envrc'])

export function fileKindOf(relPath: string): FileKind {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1)
  const lower = base.toLowerCase()
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv'
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(relPath)) return 'github-workflow'
  if (lower === '.gitlab-ci.yml' || lower === '.gitlab-ci.yaml') return 'gitlab-ci'
  if (SHELL_NAMES.has(lower) || /\.(?:sh|bash|zsh|ksh)$/.test(lower)) return 'shell'
  if (/(?:^|\/)\.aws\/(?:credentials|config)$/.test(relPath) || lower === 'credentials') return 'ini'
  if (/\.(?:ini|cfg|conf|properties|toml)$/.test(lower)) return 'ini'
  if (/\.tfvars$/.test(lower) || lower.endsWith('.auto.tfvars')) return 'tfvars'
  if (/\.ya?ml$/.test(lower)) return 'yaml'
  if (/\.json$/.test(lower) || lower.endsWith('.tfvars.json')) return 'json'
  return 'code'
}

export const isConfigKind = (kind: FileKind): boolean => kind !== 'code'
