// Breaks the chain at "one delete call": with deletion protection on, DeleteTable fails until
// someone first calls UpdateTable to turn it off.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'

export default defineCheck({
  id: 'dynamodb-deletion-protection-off',
  title: 'Prod DynamoDB table has deletion protection off',
  riskClass: 'backup',
  severity: 'high',
  description:
    'Without deletion protection one dynamodb:DeleteTable call removes the table and its data. With ' +
    'DeletionProtectionEnabled the delete fails until a separate dynamodb:UpdateTable turns the protection off, ' +
    'which narrows who can delete and leaves a trace.',
  remediation: 'aws dynamodb update-table --table-name <table> --deletion-protection-enabled',
  references: [
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection',
    'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html',
  ],
  compliance: { 'nist-800-53': ['CM-3', 'SC-5(2)', 'CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['dynamodbTables'],
  run({ inventory, finding }) {
    return inventory.tables
      .filter(isProd)
      .filter((t) => !t.deletionProtection)
      .map((t) =>
        finding({
          resource: t,
          message: `table ${t.name} has DeletionProtectionEnabled false (required: true for prod)`,
          evidence: { deletionProtection: false },
        }),
      )
  },
})
