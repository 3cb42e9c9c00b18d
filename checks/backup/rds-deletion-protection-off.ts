// Breaks the chain at "one delete call": with deletion protection on, DeleteDBInstance and
// DeleteDBCluster fail until someone first calls Modify* to turn it off.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { judgedDatabases } from '../../src/inventory/recovery.js'

export default defineCheck({
  id: 'rds-deletion-protection-off',
  title: 'Prod database or cluster has deletion protection turned off',
  riskClass: 'backup',
  severity: 'high',
  description:
    'Without deletion protection a single DeleteDBInstance or DeleteDBCluster call removes the database, and ' +
    'by default its automated backups with it. Deletion protection forces a separate ModifyDBInstance or ' +
    'ModifyDBCluster call first, which narrows who can delete and leaves a trace. Aurora member instances ' +
    'are judged by their cluster, where the setting lives.',
  remediation:
    'aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection --apply-immediately ' +
    '(Aurora: aws rds modify-db-cluster --db-cluster-identifier <id> --deletion-protection --apply-immediately)',
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html',
  ],
  compliance: { 'nist-800-53': ['CM-3', 'SC-5(2)'], soc2: ['A1.2'] },
  needs: ['rds'],
  run({ inventory, finding }) {
    return judgedDatabases(inventory)
      .filter(isProd)
      .filter((db) => !db.deletionProtection)
      .map((db) =>
        finding({
          resource: db,
          message: `${db.kind === 'cluster' ? 'cluster' : 'database'} ${db.name} has DeletionProtection=false (required: true for prod)`,
          evidence: { kind: db.kind, deletionProtection: false, memberArns: db.memberArns },
        }),
      )
  },
})
