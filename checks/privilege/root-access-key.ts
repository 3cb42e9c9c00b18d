// Breaks the chain at "a token with blanket scope": a root access key is a long-lived token that
// no IAM policy or permissions boundary can limit, and in a management account no SCP either.
import { defineCheck } from '../../src/checks/define.js'
import { maskAccessKeyId } from '../../src/inventory/access-key.js'

export default defineCheck({
  id: 'root-access-key',
  title: 'Root user has an active access key',
  riskClass: 'privilege',
  severity: 'critical',
  description:
    'The root user can do everything in the account, including closing it, and IAM policies cannot restrict ' +
    'it. An access key for it is a long-lived token with that power that can sit in a file, a CI variable or ' +
    'an agent\'s context. The credential report shows whether root keys are active.',
  remediation:
    'Sign in as root, open Security credentials and delete the key (root keys cannot be managed through IAM ' +
    'APIs by other principals); then confirm with aws iam get-account-summary (AccountAccessKeysPresent must be 0)',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  compliance: { 'cis-aws': ['1.4'], 'nist-800-53': ['AC-2', 'AC-6'], soc2: ['CC6.1'], 'iso-27001': ['A.8.2'] },
  needs: ['credentialReport'],
  run({ inventory, finding }) {
    return inventory.principals
      .filter((p) => p.kind === 'root')
      .flatMap((root) => {
        const active = (root.credentials?.accessKeys ?? []).filter((k) => k.active)
        if (active.length === 0) return []
        return [
          finding({
            resource: root,
            principal: root,
            message: `root user of account ${root.accountId} has ${active.length} active access key${active.length === 1 ? '' : 's'} (allowed: 0)`,
            evidence: { activeAccessKeys: active.map((k) => ({ id: k.id && maskAccessKeyId(k.id), createdAt: k.createdAt, lastUsedAt: k.lastUsedAt })) },
          }),
        ]
      })
  },
})
