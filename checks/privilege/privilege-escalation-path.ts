// Breaks the chain where a narrow token becomes a blanket one: a principal that is not an
// administrator but can make itself (or a principal it controls) one through a known method.
import { defineCheck } from '../../src/checks/define.js'
import { describePath, judgedPrincipals, pathEvidence } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'privilege-escalation-path',
  title: 'Principal can escalate to administrator',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A principal without administrator access that can gain it through a known IAM privilege escalation method ' +
    '(CreatePolicyVersion, Attach*/Put*Policy, AddUserToGroup, CreateAccessKey or login profiles of another user, ' +
    'UpdateAssumeRolePolicy, or iam:PassRole to Lambda, EC2, ECS, CloudFormation, Glue, CodeBuild, SageMaker or ' +
    'Data Pipeline), possibly after assuming other roles.',
  remediation:
    'Scope iam:* write actions and iam:PassRole to the exact resources the job needs (PassRole with an ' +
    'iam:PassedToService condition), or add a permission boundary that denies IAM writes.',
  references: [
    'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
    'https://github.com/nccgroup/PMapper',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
  ],
  compliance: { 'nist-800-53': ['AC-6', 'AC-6(1)'], soc2: ['CC6.3'], 'iso-27001': ['A.8.2'] },
  needs: ['iam'],
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) => {
      if (iam.admin(p).admin) return []
      const escalations = iam.adminReach(p).filter((r) => r.path.steps.some((s) => s.method))
      if (!escalations.length) return []
      const best = escalations.find((r) => r.path.verdict === 'allowed') ?? escalations[0]
      const methods = [...new Set(best.path.steps.flatMap((s) => (s.method ? [s.method] : [])))]
      return [finding({
        resource: p,
        principal: p,
        severity: best.path.verdict === 'conditional' ? 'medium' : undefined,
        message:
          `${p.name} can become administrator of account ${best.accountId} ${describePath(best.path.steps)} (${methods.join(', ')})` +
          (best.path.verdict === 'conditional' ? '; medium because a step depends on what the inventory cannot prove' : ''),
        evidence: { methods, accounts: escalations.map((e) => e.accountId), verdict: best.path.verdict, path: pathEvidence(best.path.steps) },
      })]
    })
  },
})
