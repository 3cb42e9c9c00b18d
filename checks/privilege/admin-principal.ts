// Breaks the chain at "carried blanket scope over every environment": a principal whose
// effective permissions are every action on every resource, after Deny, boundary and SCPs.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd } from '../../src/inventory/environment.js'
import { judgedPrincipals } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'admin-principal',
  title: 'Principal has effective administrator access',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A user or role whose policies allow every action on every resource ("*:*" on "*"), and whose permission ' +
    'boundary and SCPs do not take that back. Any credential of it can do anything in its account, including ' +
    'deleting databases and their backups. High in prod (or when the environment is unknown), low in non-prod.',
  remediation:
    'Replace AdministratorAccess / "Action": "*" with the actions the job needs (IAM Access Analyzer can generate ' +
    'a policy from CloudTrail: aws accessanalyzer start-policy-generation), or attach a permission boundary. ' +
    'Keep one break-glass admin role, tagged BreakGlass=true.',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html',
  ],
  compliance: { 'cis-aws': ['1.16'], 'nist-800-53': ['AC-6', 'AC-6(5)'], soc2: ['CC6.3'], 'iso-27001': ['A.8.2'] },
  needs: ['iam'],
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) => {
      const a = iam.admin(p)
      if (!a.admin) return []
      const nonProd = isNonProd(p)
      const unresolved = iam.unresolvedPolicies(p)
      return [finding({
        resource: p,
        principal: p,
        severity: nonProd ? 'low' : undefined,
        message:
          `${p.name} can perform every action on every resource` +
          (a.verdict === 'conditional' ? ' (under conditions the inventory cannot prove)' : '') +
          (nonProd ? `; low because it is ${p.environment.environment}, not prod` : p.environment.environment === 'prod' ? '' : '; its environment is unknown, so it is judged as prod'),
        evidence: { verdict: a.verdict, grantedBy: a.via, ...(unresolved.length ? { unresolvedPolicies: unresolved } : {}) },
      })]
    })
  },
})
