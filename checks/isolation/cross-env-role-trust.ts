// Breaks the chain at "a staging task reached prod": a prod role that a staging or dev
// principal may assume turns every non-prod credential into a prod credential.
import { defineCheck } from '../../src/checks/define.js'
import { arnMatches, isNonProd, isProd } from '../../src/inventory/environment.js'
import type { Inventory, PolicyStatement, Principal } from '../../src/inventory/types.js'

/** One principal that might call sts:AssumeRole: a concrete ARN in an account. */
interface Caller {
  arn: string
  accountId: string
  /** why it is non-prod */
  why: string
}

const accountOfArn = (arn: string): string | undefined => arn.split(':')[4] || undefined
const rootOf = (accountId: string): string => `arn:aws:iam::${accountId}:root`

const principalCaller = (p: Principal): Caller => ({ arn: p.arn, accountId: p.accountId, why: `${p.name} is ${p.environment.environment} (${p.environment.detail})` })

function nonProdAccount(inventory: Inventory, id: string): string | undefined {
  const account = inventory.accounts.find((a) => a.id === id)
  return account && isNonProd(account) ? `account ${id} is ${account.environment.environment}` : undefined
}

/** Callers an account-wide grant admits: its root, its known principals, and ARNs the conditions name there. */
function callersOfAccount(inventory: Inventory, accountId: string, named: string[]): Caller[] {
  const why = nonProdAccount(inventory, accountId)
  if (!why) return inventory.principals.filter((p) => p.accountId === accountId && isNonProd(p)).map((p) => principalCaller(p))
  const arns = new Set([rootOf(accountId), ...inventory.principals.filter((p) => p.accountId === accountId).map((p) => p.arn)])
  for (const n of named) {
    const parts = n.split(':')
    if (parts.length < 6 || (!parts[4].includes('*') && parts[4] !== accountId)) continue
    arns.add([...parts.slice(0, 4), accountId, ...parts.slice(5)].join(':'))
  }
  // a principal tagged prod inside a non-prod account is prod: admitting it alone is not cross-env
  const prodHere = new Set(inventory.principals.filter((p) => p.accountId === accountId && isProd(p)).map((p) => p.arn))
  return [...arns].filter((arn) => !prodHere.has(arn)).map((arn) => ({ arn, accountId, why }))
}

/** Non-prod callers one trust-policy principal value admits. */
function callersOf(inventory: Inventory, value: string, named: string[]): Caller[] {
  if (value === '*') {
    const accounts = inventory.accounts.filter(isNonProd).map((a) => a.id)
    const others = inventory.principals.filter((p) => isNonProd(p) && !accounts.includes(p.accountId)).map(principalCaller)
    return [...accounts.flatMap((id) => callersOfAccount(inventory, id, named)), ...others]
  }
  if (/^\d{12}$/.test(value)) return callersOfAccount(inventory, value, named)
  const accountId = accountOfArn(value)
  if (!accountId) return []
  if (value === rootOf(accountId)) return callersOfAccount(inventory, accountId, named)
  const known = inventory.principals.find((p) => p.arn === value)
  if (known) return isNonProd(known) ? [principalCaller(known)] : []
  const why = nonProdAccount(inventory, accountId)
  return why ? [{ arn: value, accountId, why }] : []
}

const lower = (s: string): string => s.toLowerCase()
/** Condition operator without set and IfExists qualifiers: ForAnyValue:StringLikeIfExists → stringlike. */
const baseOperator = (op: string): string => lower(op).replace(/^for(any|all)value:/, '').replace(/ifexists$/, '')

/**
 * Does one condition admit this caller? `undefined` when the inventory cannot decide it (source IP,
 * MFA, ExternalId, ...): an attacker holding the credential may well satisfy it, so it restricts nothing.
 */
function conditionAdmits(inventory: Inventory, operator: string, key: string, values: string[], caller: Caller): boolean | undefined {
  const op = baseOperator(operator)
  const negated = op.includes('not')
  const positive = op.replace('not', '')
  let subject: string | undefined
  let matches: (v: string) => boolean
  switch (lower(key)) {
    case 'aws:principalarn': subject = caller.arn; break
    case 'aws:principalaccount': subject = caller.accountId; break
    case 'aws:principalorgid': {
      // the org's accounts, non-prod ones included; an account the org list excludes is outside it
      const inOrg = inventory.organizationAccountIds.length === 0 || inventory.organizationAccountIds.includes(caller.accountId)
      return negated ? !inOrg : inOrg
    }
    default: return undefined
  }
  if (positive === 'stringequals' || positive === 'arnequals') matches = (v) => v === subject
  else if (positive === 'stringlike' || positive === 'arnlike') matches = (v) => arnMatches(v, subject!)
  else if (positive === 'stringequalsignorecase') matches = (v) => lower(v) === lower(subject!)
  else return undefined
  const hit = values.some(matches)
  return negated ? !hit : hit
}

function statementAdmits(inventory: Inventory, s: PolicyStatement, caller: Caller): boolean {
  for (const [operator, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      if (conditionAdmits(inventory, operator, key, values, caller) === false) return false
    }
  }
  return true
}

const ASSUME = 'sts:assumerole'
const actionMatches = (pattern: string): boolean => arnMatches(lower(pattern), ASSUME)
const coversAssume = (s: PolicyStatement): boolean =>
  s.Action ? s.Action.some(actionMatches) : !!s.NotAction && !s.NotAction.some(actionMatches)

/** ARN values the statement's aws:PrincipalArn conditions name: callers an account-wide grant may stand for. */
const namedArns = (s: PolicyStatement): string[] =>
  Object.values(s.Condition ?? {}).flatMap((block) => Object.entries(block).filter(([k]) => lower(k) === 'aws:principalarn').flatMap(([, v]) => v))

function callersOfStatement(inventory: Inventory, s: PolicyStatement): Caller[] {
  if (!coversAssume(s)) return []
  const values = s.Principal === '*' ? ['*'] : (s.Principal?.AWS ?? [])
  return values.flatMap((v) => callersOf(inventory, v, namedArns(s))).filter((c) => statementAdmits(inventory, s, c))
}

/** Non-prod callers the trust policy admits: allowed by some statement, denied by none whose conditions surely hold. */
function admittedNonProd(inventory: Inventory, role: Principal): Caller[] {
  const statements = role.trustPolicy?.Statement ?? []
  const allowed = new Map<string, Caller>()
  for (const s of statements.filter((x) => x.Effect === 'Allow')) for (const c of callersOfStatement(inventory, s)) allowed.set(c.arn, c)
  const denies = statements.filter((s) => s.Effect === 'Deny' && coversAssume(s) && !s.NotPrincipal)
  return [...allowed.values()].filter(
    (c) =>
      !denies.some((d) => {
        const values = d.Principal === '*' ? ['*'] : (d.Principal?.AWS ?? [])
        const named = values.includes('*') || values.includes(c.arn) || values.includes(c.accountId) || values.includes(rootOf(c.accountId))
        const conditions = Object.entries(d.Condition ?? {}).flatMap(([op, block]) => Object.entries(block).map(([k, v]) => conditionAdmits(inventory, op, k, v, c)))
        return named && conditions.every((r) => r === true)
      }),
  )
}

export default defineCheck({
  id: 'cross-env-role-trust',
  title: 'Prod role can be assumed by a non-prod account or principal',
  riskClass: 'isolation',
  severity: 'high',
  description:
    'A prod IAM role whose trust policy admits a staging, dev or test account (or a principal in one) lets ' +
    'any credential leaked from that environment act in prod with the role\'s permissions. Conditions the ' +
    'inventory can decide are applied (aws:PrincipalOrgID admits every organization account, non-prod ones ' +
    'included; aws:PrincipalArn; aws:PrincipalAccount); sts:ExternalId does not stop a caller who has the ' +
    'configuration that holds it. Service-linked roles and roles without any policy are not reported.',
  remediation:
    'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json ' +
    '(trust only prod principals, e.g. "Principal": {"AWS": "arn:aws:iam::<prod-account>:role/<deployer>"})',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
  compliance: { 'nist-800-53': ['AC-3', 'AC-6'], soc2: ['CC6.1'], 'iso-27001': ['A.5.15', 'A.8.31'] },
  needs: ['iam'],
  run({ inventory, finding }) {
    return inventory.principals
      .filter((p) => p.kind === 'role' && isProd(p) && !p.serviceLinked && p.trustPolicy)
      .filter((role) => role.inlinePolicies.length > 0 || role.managedPolicyArns.length > 0)
      .flatMap((role) => {
        const callers = admittedNonProd(inventory, role)
        if (callers.length === 0) return []
        const first = callers[0]
        const more = callers.length > 1 ? ` and ${callers.length - 1} more non-prod principal${callers.length > 2 ? 's' : ''}` : ''
        return [
          finding({
            resource: role,
            message: `prod role ${role.name} can be assumed by ${first.arn} (${first.why})${more} (allowed: prod principals only)`,
            evidence: { admitted: callers, trustPolicy: role.trustPolicy },
          }),
        ]
      })
  },
})
