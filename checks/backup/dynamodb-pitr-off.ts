// Breaks the chain at "nothing to restore": with point-in-time recovery on, deleting a table
// leaves a system backup for 35 days, and any second of that window can be restored.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'

export default defineCheck({
  id: 'dynamodb-pitr-off',
  title: 'Prod DynamoDB table has point-in-time recovery off',
  riskClass: 'backup',
  severity: 'high',
  description:
    'Point-in-time recovery keeps continuous backups of a table for up to 35 days: a bad write or a deleted ' +
    'item can be undone to the second, and DeleteTable leaves a system backup that survives the table for 35 ' +
    'days (unless the caller first turns PITR off with dynamodb:UpdateContinuousBackups). Without it, only ' +
    'on-demand backups taken earlier remain.',
  remediation: 'aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true',
  references: [
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html',
    'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html',
  ],
  compliance: { 'nist-800-53': ['CP-9', 'CP-10'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['dynamodbTables', 'dynamodbPitr'],
  run({ inventory, finding }) {
    return inventory.tables
      .filter(isProd)
      .filter((t) => t.pointInTimeRecovery !== undefined && !t.pointInTimeRecovery.enabled)
      .map((t) =>
        finding({
          resource: t,
          location: { file: t.files.continuousBackups },
          message: `table ${t.name} has PointInTimeRecoveryStatus DISABLED (required: ENABLED for prod), so DeleteTable leaves no system backup`,
          evidence: { pointInTimeRecovery: 'DISABLED' },
        }),
      )
  },
})
