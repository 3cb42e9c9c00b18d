// What to do before starting an agent, for one dangerous credential: the variables to unset, the
// files to keep out of its reach, a permissions boundary for each principal that performs a
// destructive step (it keeps everything else the principal does, read and deploy included, and
// denies the destructive actions of spec §7), and an SCP statement denying those actions when a
// call comes through an AWS-managed MCP server (aws:ViaAWSMCPService). Pure: documents and
// commands to paste, nothing applied.
import type { AgentCredential, AgentDiscovery } from '../inventory/agent-types.js'
import type { Principal } from '../inventory/types.js'
import { dataWriteActions, destructiveActions, type Step } from './engine-calls.js'

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: Record<string, unknown>[]
}

export interface BoundaryPlan {
  accountId: string
  policyArn: string
  /** the file name the commands refer to */
  file: string
  document: PolicyDocument
  attachTo: { arn: string; kind: 'user' | 'role'; name: string }[]
  commands: string[]
}

export interface Containment {
  unset: string[]
  /** home files to move out of the agent's reach; workspace files (with the line) to take the secret out of */
  hide: { file: string; where: 'home' | 'workspace'; line?: number }[]
  /** principals that perform a destructive step and cannot carry a boundary (root) */
  noBoundary: string[]
  boundaries: BoundaryPlan[]
  mcpGuardrail: { file: string; document: PolicyDocument; commands: string[] }
}

export const BOUNDARY_POLICY_NAME = 'bulkhead-agent-boundary'
export const MCP_POLICY_NAME = 'bulkhead-deny-destruction-via-mcp'

/** A word for a POSIX shell: safe characters as they are, anything else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

const boundaryEscape = [
  'iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary',
]
const policyEdits = ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion']

/**
 * The boundary for one account. A boundary grants nothing: Allow * keeps whatever the identity
 * policies grant, the Denies take the destruction out, and the principal cannot lift its own
 * boundary or rewrite the boundary policy. `extra` are final steps of the found paths that are
 * neither in the destructive list nor data writes a deploy needs (data-plane steps): denied on
 * their resources only.
 */
export function boundaryDocument(accountId: string, extra: { action: string; resource: string }[] = []): PolicyDocument {
  const policyArn = `arn:aws:iam::${accountId}:policy/${BOUNDARY_POLICY_NAME}`
  const byAction = new Map<string, Set<string>>()
  for (const e of extra) byAction.set(e.action, (byAction.get(e.action) ?? new Set()).add(e.resource))
  const statements: Record<string, unknown>[] = [
    { Sid: 'KeepWhatIdentityPoliciesGrant', Effect: 'Allow', Action: '*', Resource: '*' },
    { Sid: 'DenyDataDestruction', Effect: 'Deny', Action: destructiveActions(), Resource: '*' },
    ...[...byAction].sort(([a], [b]) => a.localeCompare(b)).map(([action, resources], i) => ({
      Sid: `DenyPathStep${i + 1}`, Effect: 'Deny', Action: action, Resource: [...resources].sort(),
    })),
    { Sid: 'DenyLiftingTheBoundary', Effect: 'Deny', Action: boundaryEscape, Resource: '*' },
    { Sid: 'DenyRewritingTheBoundary', Effect: 'Deny', Action: policyEdits, Resource: policyArn },
  ]
  return { Version: '2012-10-17', Statement: statements }
}

/** The SCP (or boundary) statement: no destructive call through an AWS-managed MCP server. */
export function mcpGuardrailDocument(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'DenyDataDestructionThroughMcp',
      Effect: 'Deny',
      Action: destructiveActions(),
      Resource: '*',
      Condition: { Bool: { 'aws:ViaAWSMCPService': 'true' } },
    }],
  }
}

const mcpGuardrail = (): Containment['mcpGuardrail'] => {
  const file = `${MCP_POLICY_NAME}.json`
  return {
    file,
    document: mcpGuardrailDocument(),
    commands: [
      `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name ${MCP_POLICY_NAME} --description 'No data destruction through MCP servers' --content file://${file}`,
      'aws organizations attach-policy --policy-id <the PolicyId printed above> --target-id <the prod account id or its OU id>',
    ],
  }
}

/** `arn:…:role/deploy-prod` or `arn:…:role/deploy-prod (escalated: …)` → the ARN. */
const actorOf = (s: Step): string => s.from.split(' ')[0]

/** The principals that perform a final (destructive) step, and the data-plane steps to deny on their resources. */
function boundaryTargets(steps: Step[], principalOf: (arn: string) => Principal | undefined) {
  const keep = new Set([...destructiveActions(), ...dataWriteActions()].map((a) => a.toLowerCase()))
  const targets = new Map<string, { principal?: Principal; extra: { action: string; resource: string }[] }>()
  for (const s of steps) {
    if (s.to !== undefined) continue
    const arn = actorOf(s)
    let t = targets.get(arn)
    if (!t) targets.set(arn, (t = { principal: principalOf(arn), extra: [] }))
    if (!keep.has(s.action.toLowerCase()) && s.resource) t.extra.push({ action: s.action, resource: s.resource })
  }
  return targets
}

function boundaryPlans(steps: Step[], principalOf: (arn: string) => Principal | undefined): { boundaries: BoundaryPlan[]; noBoundary: string[] } {
  const byAccount = new Map<string, { attach: BoundaryPlan['attachTo']; extra: { action: string; resource: string }[] }>()
  const noBoundary: string[] = []
  for (const [arn, t] of boundaryTargets(steps, principalOf)) {
    const p = t.principal
    if (!p || (p.kind !== 'user' && p.kind !== 'role')) {
      noBoundary.push(arn)
      continue
    }
    let a = byAccount.get(p.accountId)
    if (!a) byAccount.set(p.accountId, (a = { attach: [], extra: [] }))
    if (!a.attach.some((x) => x.arn === p.arn)) a.attach.push({ arn: p.arn, kind: p.kind, name: p.name })
    a.extra.push(...t.extra)
  }
  const boundaries = [...byAccount].sort(([a], [b]) => a.localeCompare(b)).map(([accountId, { attach, extra }]) => {
    const policyArn = `arn:aws:iam::${accountId}:policy/${BOUNDARY_POLICY_NAME}`
    const file = `${BOUNDARY_POLICY_NAME}-${accountId}.json`
    const attachTo = attach.sort((x, y) => x.arn.localeCompare(y.arn))
    return {
      accountId, policyArn, file, document: boundaryDocument(accountId, extra), attachTo,
      commands: [
        `aws iam create-policy --policy-name ${BOUNDARY_POLICY_NAME} --policy-document file://${file}`,
        ...attachTo.map((t) => `aws iam put-${t.kind}-permissions-boundary --${t.kind}-name ${shellQuote(t.name)} --permissions-boundary ${policyArn}`),
      ],
    }
  })
  return { boundaries, noBoundary: noBoundary.sort() }
}

/** The variables and files through which the agent would get this credential. */
function exposure(c: AgentCredential, discovery: AgentDiscovery): Pick<Containment, 'unset' | 'hide'> {
  const unset = new Set<string>()
  const hide = new Map<string, Containment['hide'][number]>()
  for (const o of c.origins) {
    if (o.kind === 'environment') for (const v of o.variables ?? []) unset.add(v)
    else if (o.kind === 'workspace') hide.set(`${o.display}:${o.line}`, { file: o.display, where: 'workspace', ...(o.line ? { line: o.line } : {}) })
    else hide.set(o.display, { file: o.display, where: 'home' })
  }
  if (c.profile && c.profile === discovery.activeProfile && c.profile !== 'default') unset.add('AWS_PROFILE')
  return { unset: [...unset].sort(), hide: [...hide.values()] }
}

export function containmentOf(
  c: AgentCredential, discovery: AgentDiscovery, steps: Step[], principalOf: (arn: string) => Principal | undefined,
): Containment {
  return { ...exposure(c, discovery), ...boundaryPlans(steps, principalOf), mcpGuardrail: mcpGuardrail() }
}
