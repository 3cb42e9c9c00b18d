// Breaks the chain at "issued one delete call": names every principal that can delete a prod
// database (after turning deletion protection off, if it is on), with the path it would take.
import { defineCheck } from '../../src/checks/define.js'
import { describePath, judgedPrincipals, pathEvidence } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'can-delete-prod-database',
  title: 'Principal can delete a prod database',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A principal whose permissions, directly or through role assumption or privilege escalation, include ' +
    'rds:DeleteDBInstance / rds:DeleteDBCluster on a prod database (and rds:ModifyDB* when deletion protection ' +
    'is on, since it can turn protection off). Any leaked token of that principal can delete production.',
  remediation:
    'Remove rds:Delete* and rds:ModifyDB* on prod databases from everyday principals; deny them with a ' +
    'permission boundary or an SCP and keep them for a break-glass role (tag it BreakGlass=true). ' +
    'aws iam put-role-permissions-boundary --role-name <role> --permissions-boundary <arn>',
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  ],
  compliance: { 'nist-800-53': ['AC-6', 'AC-6(10)'], soc2: ['CC6.3'], 'iso-27001': ['A.5.15', 'A.8.2'], 'cis-aws': ['1.16'] },
  needs: ['iam', 'rds'],
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) =>
      iam.destructionReach(p)
        .filter((r) => r.reaches.includes('delete-data'))
        .map((r) => {
          const path = r.deleteDatabase!
          const conditional = path.verdict === 'conditional'
          return finding({
            resource: r.database,
            principal: p,
            severity: conditional ? 'medium' : undefined,
            message:
              `${p.name} can delete prod database ${r.database.name}` +
              (r.database.deletionProtection ? ' (after turning its deletion protection off)' : '') +
              ` ${describePath(path.steps)}` +
              (conditional ? '; medium because a step depends on a condition the inventory cannot prove' : ''),
            evidence: {
              verdict: path.verdict,
              deletionProtection: r.database.deletionProtection,
              path: pathEvidence(path.steps),
              ...(r.unresolvedPolicies.length ? { unresolvedPolicies: r.unresolvedPolicies } : {}),
            },
          })
        }),
    )
  },
})
