// A token the workspace scanner found (src/workspace) as a credential an agent inherits: it can
// read the file as well as anyone. AWS key pairs map to principals; other tokens cannot be mapped.
import type { AgentCredential } from '../inventory/agent-types.js'
import type { WorkspaceToken } from '../inventory/types.js'

export function credentialOfToken(t: WorkspaceToken): AgentCredential {
  const aws = t.type === 'aws-access-key'
  return {
    id: `workspace:${t.workspace}:${t.file}:${t.line}:${t.type}:${t.fingerprint}`,
    kind: aws ? 'static-key' : 'token',
    origins: [{ kind: 'workspace', file: `${t.workspace.replace(/[\\/]+$/, '')}/${t.file}`, display: t.file, line: t.line }],
    usedByDefault: false,
    ...(aws && t.accessKeyId ? { accessKeyId: t.accessKeyId, hasSecret: t.hasSecret === true } : {}),
    secret: { preview: t.preview, fingerprint: t.fingerprint },
    token: t,
    problems: [],
  }
}
