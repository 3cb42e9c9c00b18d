// A policy that cannot mean anything stops the scan with one line naming the snapshot file, the
// JSON path of the statement in it, what was expected, and the policy and its owner (issue 11):
// enough to open the file at the right place, whichever of the many policies it is.
import { describe, expect, it } from 'vitest'
import { cli } from '../support/cli.js'
import { ACCOUNT, REGION, writeSnapshotDir } from '../support/snapshot-dir.js'

const gaad = `${ACCOUNT}/global/iam-get-account-authorization-details.json`
const trust = { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }
const role = (name: string, o: object = {}) => ({ RoleName: name, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, AssumeRolePolicyDocument: trust, ...o })
const NO_RESOURCE = { Statement: [{ Effect: 'Allow', Action: 'rds:Describe*', Resource: '*' }, { Effect: 'Allow', Action: 'rds:*' }] }

function scanError(files: Record<string, unknown>): string {
  const dir = writeSnapshotDir(files)
  const r = cli(['scan', '--snapshot', dir])
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /)
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  return r.stderr.trimEnd().replace(`${dir}/`, '<snapshot>/')
}

describe('policy errors name the file, the JSON path, the policy and its owner', () => {
  it('an inline role policy statement without Resource', () => {
    const details = { RoleDetailList: [role('reader'), role('app', { RolePolicyList: [{ PolicyName: 'ok', PolicyDocument: { Statement: [] } }, { PolicyName: 'bad', PolicyDocument: NO_RESOURCE }] })] }
    expect(scanError({ [gaad]: details })).toBe(
      `bulkhead: <snapshot>/${gaad}: $.RoleDetailList[1].RolePolicyList[1].PolicyDocument.Statement[1]: expected Resource or NotResource ` +
        `(policy arn:aws:iam::${ACCOUNT}:role/app/inline/bad of arn:aws:iam::${ACCOUNT}:role/app)`,
    )
  })
  it('a customer managed policy version, URL-encoded as the raw API returns it', () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/broken`
    const details = {
      RoleDetailList: [role('app', { AttachedManagedPolicies: [{ PolicyName: 'broken', PolicyArn: arn }] })],
      Policies: [{ PolicyName: 'broken', Arn: arn, DefaultVersionId: 'v2', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: { Statement: [] } }, { VersionId: 'v2', IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(NO_RESOURCE)) }] }],
    }
    expect(scanError({ [gaad]: details })).toBe(
      `bulkhead: <snapshot>/${gaad}: $.Policies[0].PolicyVersionList[1].Document.Statement[1]: expected Resource or NotResource (policy ${arn} of arn:aws:iam::${ACCOUNT}:role/app)`,
    )
  })
  it('a vault access policy statement without Principal', () => {
    const vault = { BackupVaultName: 'prod-vault', BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:prod-vault` }
    const policyFile = `${ACCOUNT}/${REGION}/backup-get-backup-vault-access-policy--prod-vault.json`
    const msg = scanError({
      [`${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`]: { BackupVaultList: [vault] },
      [`${ACCOUNT}/${REGION}/backup-list-recovery-points-by-backup-vault--prod-vault.json`]: { RecoveryPoints: [] },
      [policyFile]: { Policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 'backup:DeleteRecoveryPoint', Resource: '*' }] }) },
    })
    expect(msg).toBe(`bulkhead: <snapshot>/${policyFile}: $.Policy.Statement[0]: expected Principal or NotPrincipal (policy ${vault.BackupVaultArn}/access-policy of vault ${vault.BackupVaultArn})`)
  })
  it('a condition block that is no object, under an operator that is no identifier', () => {
    const details = { RoleDetailList: [role('app', { RolePolicyList: [{ PolicyName: 'cond', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAnyValue:StringLike': 'x' } }] } }] })] }
    const msg = scanError({ [gaad]: details })
    expect(msg).toMatch(/^bulkhead: <snapshot>\/111111111111\/global\/iam-get-account-authorization-details\.json: \$\.RoleDetailList\[0\]\.RolePolicyList\[0\]\.PolicyDocument\.Statement\[0\]\.Condition\["ForAnyValue:StringLike"\]: expected an object of condition keys/)
  })
})
