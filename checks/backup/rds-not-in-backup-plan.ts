// Breaks the chain at "the newest recovery point elsewhere was three months old": a database no
// AWS Backup plan selects gets only the backups someone remembers to take by hand.
import { defineCheck } from '../../src/checks/define.js'
import { arnMatches, isProd } from '../../src/inventory/environment.js'
import { judgedDatabases } from '../../src/inventory/recovery.js'
import type { BackupPlan, BackupSelection, Database } from '../../src/inventory/types.js'

const RESOURCE_TAG = 'aws:resourcetag/'

/** Backup selection patterns: `*` alone selects every resource; otherwise glob on the ARN. */
const arnSelected = (pattern: string, arn: string): boolean => pattern === '*' || arnMatches(pattern, arn)

function conditionHolds(c: BackupSelection['conditions'][number], tags: Database['tags']): boolean {
  // Condition keys are aws:ResourceTag/<key>; operators and values are case sensitive (AWS Backup API).
  if (!c.key.toLowerCase().startsWith(RESOURCE_TAG)) return false
  const value = tags[c.key.slice(RESOURCE_TAG.length)]
  const like = value !== undefined && arnMatches(c.value, value)
  switch (c.operator.toLowerCase()) {
    case 'stringequals': return value === c.value
    case 'stringlike': return like
    case 'stringnotequals': return value !== c.value
    case 'stringnotlike': return !like
    default: return false // an operator AWS Backup does not accept selects nothing
  }
}

/** AWS Backup: (Resources OR ListOfTags) AND every Condition, minus NotResources. */
function selects(selection: BackupSelection, db: Database): boolean {
  const byArn = selection.resources.some((p) => arnSelected(p, db.arn))
  const byTag = selection.listOfTags.some((t) => t.condition.toLowerCase() === 'stringequals' && db.tags[t.key] === t.value)
  const onlyConditions = selection.resources.length === 0 && selection.listOfTags.length === 0 && selection.conditions.length > 0
  if (!byArn && !byTag && !onlyConditions) return false
  if (!selection.conditions.every((c) => conditionHolds(c, db.tags))) return false
  return !selection.notResources.some((p) => arnSelected(p, db.arn))
}

// Plans select resources of their own account and region only.
const plansFor = (plans: BackupPlan[], db: Database): BackupPlan[] =>
  plans.filter((p) => p.accountId === db.accountId && p.region === db.region)

export default defineCheck({
  id: 'rds-not-in-backup-plan',
  title: 'Prod database or cluster is selected by no AWS Backup plan',
  riskClass: 'backup',
  severity: 'high',
  description:
    'An AWS Backup plan takes scheduled recovery points into a vault that can be locked and copied to another ' +
    'account and region. A database that no backup selection matches (by ARN, wildcard, tag list or tag ' +
    'conditions, minus NotResources) in its account and region has none of that.',
  remediation:
    'aws backup create-backup-selection --backup-plan-id <plan-id> --backup-selection ' +
    '\'{"SelectionName":"prod-rds","IamRoleArn":"arn:aws:iam::<account>:role/service-role/AWSBackupDefaultServiceRole","Resources":["<db-arn>"]}\'',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html',
  ],
  compliance: { 'nist-800-53': ['CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['rds', 'backupPlans'],
  run({ inventory, finding }) {
    return judgedDatabases(inventory)
      .filter(isProd)
      .flatMap((db) => {
        const plans = plansFor(inventory.backupPlans, db)
        if (plans.some((plan) => plan.selections.some((s) => selects(s, db)))) return []
        const selections = plans.reduce((n, p) => n + p.selections.length, 0)
        return [
          finding({
            resource: db,
            message: `${db.name} is selected by 0 of ${selections} backup selection${selections === 1 ? '' : 's'} in ${plans.length} AWS Backup plan${plans.length === 1 ? '' : 's'} of ${db.accountId}/${db.region} (at least 1 needed)`,
            evidence: {
              plansChecked: plans.map((p) => ({ name: p.name, id: p.id, selections: p.selections.map((s) => s.name) })),
              tags: db.tags,
            },
          }),
        ]
      })
  },
})
