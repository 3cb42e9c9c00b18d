// Breaks the chain at "carried blanket scope": destructive data actions granted on every
// resource, so a token meant for one bucket or table can delete all of them.
import { defineCheck } from '../../src/checks/define.js'
import { DESTRUCTIVE_ACTIONS } from '../../src/iam/index.js'

const DESTRUCTIVE_NAMES = DESTRUCTIVE_ACTIONS.map((d) => d.action)
import { judgedPrincipals } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'destructive-wildcard-resource',
  title: 'Destructive data actions granted on every resource',
  riskClass: 'privilege',
  severity: 'medium',
  description:
    'An Allow statement with "Resource": "*" that covers actions deleting or irrecoverably altering stored data or ' +
    'its recovery (RDS, AWS Backup, S3, DynamoDB, EBS, EFS, Redshift, ElastiCache, OpenSearch, Secrets Manager, KMS ' +
    'key deletion), not taken back by a Deny, boundary or SCP.',
  remediation:
    'Name the resources the job deletes (e.g. "Resource": "arn:aws:s3:::build-cache/*") or move the destructive ' +
    'actions to a separate, rarely used role.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html'],
  compliance: { 'nist-800-53': ['AC-6'], soc2: ['CC6.3'], 'iso-27001': ['A.8.2'] },
  needs: ['iam'],
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) => {
      const held = iam.grantedOnEveryResource(p, DESTRUCTIVE_NAMES)
      if (!held.length) return []
      const granted = held.map((h) => h.action)
      const via = new Set(held.flatMap((h) => h.via))
      return [finding({
        resource: p,
        principal: p,
        message: `${p.name} may perform ${granted.length} destructive data actions on every resource, e.g. ${granted.slice(0, 3).join(', ')}`,
        evidence: { actions: granted, statements: [...via] },
      })]
    })
  },
})
