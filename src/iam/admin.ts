// "Effective *:* on *" (spec §4 admin-principal): an Allow of every action on every resource
// that survives Deny statements, the permission boundary and SCPs. Checking every one of the
// ~17,000 catalogue actions per principal would be slow, so: an all-actions Allow must exist,
// and a spread of probe actions across services (the ones an attacker reaches for first) must
// all come out allowed or conditional after every policy layer.
import type { Principal } from '../inventory/types.js'
import type { AdminVerdict } from './engine.js'
import type { IamEngineImpl } from './iam-engine.js'

export const ADMIN_PROBES: readonly string[] = [
  'iam:CreateUser', 'iam:AttachRolePolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey', 'iam:PassRole',
  'sts:AssumeRole', 'organizations:LeaveOrganization', 'ec2:RunInstances', 'ec2:DeleteVolume',
  's3:DeleteBucket', 's3:GetObject', 'rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint',
  'kms:ScheduleKeyDeletion', 'dynamodb:DeleteTable', 'lambda:CreateFunction', 'cloudtrail:StopLogging',
  'secretsmanager:GetSecretValue',
]


const NOT_ADMIN: AdminVerdict = { admin: false, via: [], blocked: [] }
const byPrincipal = new WeakMap<Principal, AdminVerdict>()
const cache = new WeakMap<IamEngineImpl, Map<number, AdminVerdict>>()

export function adminVerdict(engine: IamEngineImpl, principal: Principal): AdminVerdict {
  const known = byPrincipal.get(principal)
  if (known) return known
  // an Allow of every action names this one too: without it, nothing grants all actions
  const grantsAll = !engine.mayGrant(principal, ADMIN_PROBES[0]) ? [] : engine.compiled(principal).identity.filter(
    (s) => s.effect === 'Allow' && (s.actions?.some((a) => a === '*' || a === '*:*') ?? false) && (s.resources?.includes('*') ?? false),
  )
  if (grantsAll.length === 0) {
    byPrincipal.set(principal, NOT_ADMIN)
    return NOT_ADMIN
  }
  // principals with the same statements (and nothing personal in them) answer alike
  let byClass = cache.get(engine)
  if (!byClass) cache.set(engine, (byClass = new Map()))
  const key = engine.classKey(principal)
  let result = byClass.get(key)
  if (!result) {
    const decisions = ADMIN_PROBES.map((action) => ({ action, decision: engine.can(principal, action, '*') }))
    const blocked = decisions.filter((d) => d.decision.verdict === 'denied')
    const conditional = decisions.some((d) => d.decision.verdict === 'conditional')
    result = blocked.length
      ? { admin: false, via: grantsAll.map((s) => s.path), blocked }
      : { admin: true, verdict: conditional ? 'conditional' : 'allowed', via: grantsAll.map((s) => s.path), blocked: [] }
    byClass.set(key, result)
  }
  byPrincipal.set(principal, result)
  return result
}
