// Breaks the chain at "one over-scoped token": a bucket policy is a resource policy, so its Deny
// of version deletion and lifecycle changes to everyone stops a leaked administrator token whose
// identity policy allows them, as a vault access policy does for recovery points.
import { defineCheck } from '../../src/checks/define.js'
import { coversEveryArnUnder, mayMatchArnUnder, whyNotDenying, type Protected } from '../../src/checks/deny-all.js'
import { arnMatches, isProd } from '../../src/inventory/environment.js'
import type { Bucket } from '../../src/inventory/types.js'

/** What destroys a versioned bucket's data: deleting versions, or a rule that expires them (spec §8). */
function targets(b: Bucket): Protected[] {
  const objects = `${b.arn}/`
  const bucket = (pattern: string) => arnMatches(pattern, b.arn)
  return [
    { action: 's3:DeleteObjectVersion', what: `every object of ${b.name} (${objects}*)`, coveredBy: (p) => coversEveryArnUnder(p, objects), excludedBy: (p) => mayMatchArnUnder(p, objects) },
    { action: 's3:PutLifecycleConfiguration', what: `the bucket ${b.arn}`, coveredBy: bucket, excludedBy: bucket },
  ]
}

/** The policy changes that would undo the deny: the engine asks whether a principal may make them. */
const SELF = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy']

export default defineCheck({
  id: 's3-bucket-policy-allows-delete',
  title: 'Prod bucket policy does not deny version deletion and lifecycle changes to everyone',
  riskClass: 'backup',
  severity: 'medium',
  description:
    'A bucket policy Deny of s3:DeleteObjectVersion (on every object) and s3:PutLifecycleConfiguration (on the ' +
    'bucket) to "*" overrides any identity policy, so an over-scoped token cannot delete the versions of the ' +
    'data or set a rule that expires them. A bucket with no policy, or a Deny limited by principals or conditions ' +
    'other than an exemption of break-glass principals, leaves destruction to identity policies alone. The Deny ' +
    'holds only while nobody can rewrite it: deny s3:PutBucketPolicy and s3:DeleteBucketPolicy too (the root ' +
    'user of the bucket account can always change the policy).',
  remediation:
    'aws s3api put-bucket-policy --bucket <bucket> --policy \'{"Version":"2012-10-17","Statement":[{"Sid":"DenyDestroy",' +
    '"Effect":"Deny","Principal":"*","Action":["s3:DeleteObjectVersion","s3:PutLifecycleConfiguration","s3:PutBucketVersioning",' +
    '"s3:BypassGovernanceRetention","s3:PutBucketPolicy","s3:DeleteBucketPolicy"],"Resource":["arn:aws:s3:::<bucket>",' +
    '"arn:aws:s3:::<bucket>/*"],"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::<account>:role/break-glass"}}}]}\'',
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
  ],
  compliance: { 'nist-800-53': ['AC-3', 'AC-6', 'CP-9'], soc2: ['CC6.1', 'A1.2'], 'iso-27001': ['A.8.3', 'A.8.13'] },
  // iam: the principals a break-glass exemption names
  needs: ['s3Buckets', 's3Policies', 'iam'],
  run({ inventory, finding }) {
    return inventory.buckets.filter(isProd).flatMap((b) => {
      if (b.policy === undefined) return [] // not collected: the executor reports the gap
      const all = targets(b)
      const statements = b.policy?.Statement ?? []
      const open = all.filter((t) => !statements.some((s) => whyNotDenying(inventory, s, [t]) === undefined))
      if (open.length === 0) return []
      const undenied = open.map((t) => t.action)
      const selfProtected = SELF.every((action) => statements.some((s) => whyNotDenying(inventory, s, [{ action, what: b.arn, coveredBy: (p) => arnMatches(p, b.arn), excludedBy: (p) => arnMatches(p, b.arn) }]) === undefined))
      const location = { file: b.files.policy }
      if (b.policy === null) {
        return [finding({
          resource: b, location,
          message: `bucket ${b.name} has no bucket policy, so 0 statements deny ${undenied.join(' or ')} (required: a Deny to "*" with at most a break-glass exemption)`,
          evidence: { policy: null, undeniedActions: undenied },
        })]
      }
      return [finding({
        resource: b, location,
        message: `bucket ${b.name}'s policy denies ${all.length - open.length} of ${all.length} destructive actions to all principals; not ${undenied.join(' or ')} (required: a Deny to "*" with at most a break-glass exemption)`,
        evidence: {
          undeniedActions: undenied,
          statements: statements.map((s, i) => ({ statement: s.Sid ?? `Statement[${i}]`, reason: whyNotDenying(inventory, s, open) ?? 'denies only some of them' })),
          policyDeniesItsOwnChange: selfProtected,
        },
      })]
    })
  },
})
