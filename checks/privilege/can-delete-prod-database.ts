// Breaks the chain at "issued one delete call": names every principal that can destroy the data of
// a prod data store (a database, bucket or table), with the path it would take.
import { defineCheck } from '../../src/checks/define.js'
import { conditionalWhy, describePath, DESTRUCTION_NEEDS, destroyText, judgedPrincipals, pathEvidence } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'can-delete-prod-database',
  title: 'Principal can delete a prod data store',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A principal whose permissions, directly or through role assumption or privilege escalation, destroy the ' +
    'data of a prod data store: rds:DeleteDBInstance / rds:DeleteDBCluster on a database (and rds:ModifyDB* ' +
    'when deletion protection is on); dynamodb:DeleteTable on a table (and dynamodb:UpdateTable when deletion ' +
    'protection is on); s3:DeleteObject on a bucket without versioning, s3:DeleteObjectVersion on a versioned ' +
    'one (plus s3:BypassGovernanceRetention under GOVERNANCE Object Lock), or a lifecycle rule that expires ' +
    'everything, around a bucket-policy Deny when it may rewrite the policy. Logging in to a database as its ' +
    'master user also destroys its data: reading its master secret, resetting its master password, or ' +
    'rds-db:connect as the master user (medium: the snapshot does not show whether the database is reachable). ' +
    'Any leaked token of that principal can destroy production data.',
  remediation:
    'Remove rds:Delete*, rds:ModifyDB*, dynamodb:DeleteTable, s3:DeleteObject* and s3:PutLifecycleConfiguration ' +
    'on prod data stores (and secretsmanager:GetSecretValue on RDS master secrets) from everyday principals; deny ' +
    'them with a permission boundary or an SCP and keep them for a break-glass role (tag it BreakGlass=true). ' +
    'aws iam put-role-permissions-boundary --role-name <role> --permissions-boundary <arn>',
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  ],
  compliance: { 'nist-800-53': ['AC-6', 'AC-6(10)'], soc2: ['CC6.3'], 'iso-27001': ['A.5.15', 'A.8.2'], 'cis-aws': ['1.16'] },
  needs: DESTRUCTION_NEEDS,
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) =>
      iam.destructionReach(p)
        .filter((r) => r.reaches.includes('delete-data'))
        .map((r) => {
          const path = r.destroy!
          const conditional = path.verdict === 'conditional'
          return finding({
            resource: r.store,
            principal: p,
            severity: conditional ? 'medium' : undefined,
            message:
              `${p.name} can ${destroyText(r)} ${describePath(path.steps)}` +
              (conditional ? `; medium because ${conditionalWhy(r)}` : ''),
            evidence: {
              verdict: path.verdict,
              way: path.way,
              ...(r.store.store === 'bucket' ? {} : { deletionProtection: r.store.store === 'database' ? r.store.database.deletionProtection : r.store.table.deletionProtection }),
              path: pathEvidence(path.steps),
              ...(r.unresolvedPolicies.length ? { unresolvedPolicies: r.unresolvedPolicies } : {}),
            },
          })
        }),
    )
  },
})
