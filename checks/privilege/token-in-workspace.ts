// Breaks the chain at "searched the repo, found an API token": a credential lying in a file an
// agent (or anyone with the repo) can read. An AWS key is matched to its IAM user, and when that
// user can destroy prod data the finding says so, with the path, and is critical.
import { defineCheck, type Finding, type FindingInput } from '../../src/checks/define.js'
import type { Destruction, IamEngine, StoreReach } from '../../src/iam/engine.js'
import { describePath, DESTRUCTION_CHECK, pathEvidence, storesList, uniqueSteps } from '../../src/checks/paths.js'
import type { Inventory, WorkspaceToken } from '../../src/inventory/types.js'
import { describeToken, fileResource, locationOf, ownerOfAccessKey, tokenEvidence } from '../../src/workspace/findings.js'

/** strongest claim first */
const DESTRUCTIVE: Destruction[] = ['delete-everything', 'delete-data', 'delete-recovery']

export default defineCheck({
  id: 'token-in-workspace',
  title: 'Cloud or platform credential lying in a workspace file',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A credential (AWS key pair or session token, database URL with a password, GitHub, Railway, Stripe or Slack ' +
    'token, private key, or a random value under a *_TOKEN / *_API_KEY / *_SECRET / PASSWORD name) sits in a file ' +
    'of the working tree, git-ignored or not. Whoever reads the tree, an AI agent included, can use it for ' +
    'whatever it allows. An AWS key of an IAM user that can delete a prod database or its recovery points is critical.',
  remediation:
    'Revoke or rotate the credential (aws iam update-access-key --status Inactive --access-key-id <id> --user-name ' +
    '<user>, then delete it), remove it from the file, and load it at run time from a secret store or the CI ' +
    'secret context; give each chore its own token scoped to that chore and one environment.',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    'https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning',
    'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  ],
  compliance: { 'nist-800-53': ['IA-5(7)', 'SC-28', 'AC-6'], soc2: ['CC6.1'], 'iso-27001': ['A.5.17', 'A.8.4'] },
  needs: ['workspace'],
  run({ inventory, iam, finding }) {
    const iamCollected = inventory.principals.length > 0 && !inventory.gaps.some((g) => g.part === 'iam')
    return inventory.workspace!.tokens.map((t) => tokenFinding(t, inventory, iamCollected ? iam : undefined, finding))
  },
})

function tokenFinding(t: WorkspaceToken, inventory: Inventory, iam: IamEngine | undefined, finding: (i: FindingInput) => Finding): Finding {
  const base = { location: locationOf(t), key: `${t.type}:${t.fingerprint}` }
  const where = `${t.file} line ${t.line}${t.job ? ` (CI job ${t.job})` : ''}`
  if (t.type === 'aws-access-key' && t.hasSecret === false) {
    return finding({
      ...base, resource: fileResource(t), severity: 'low',
      message: `${where} holds ${describeToken(t)} without its secret access key beside it: low, since a key id alone does not sign requests, but the secret may be nearby`,
      evidence: tokenEvidence(t),
    })
  }
  const owner = t.accessKeyId ? ownerOfAccessKey(inventory, t.accessKeyId) : undefined
  if (!owner) {
    const mapping = t.type !== 'aws-access-key' ? {} : { iamUser: iam ? 'no IAM user in the inventory holds this key id' : 'IAM data not collected' }
    return finding({
      ...base, resource: fileResource(t),
      message: `${where} holds ${describeToken(t)}`,
      evidence: { ...tokenEvidence(t), ...mapping },
    })
  }
  const { principal, key } = owner
  const withOwner = { ...base, resource: fileResource(t, principal.accountId), principal }
  const ownerText = `${principal.name} (${principal.accountId})`
  if (!key.active) {
    return finding({
      ...withOwner, severity: 'low',
      message: `${where} holds ${describeToken(t)} of IAM user ${ownerText}; low because the key is inactive in IAM, but anyone allowed to reactivate it can use it`,
      evidence: { ...tokenEvidence(t), iamUser: principal.arn, keyActive: false },
    })
  }
  const reach = iam ? iam.destructionReach(principal).filter((r) => r.reaches.some((k) => DESTRUCTIVE.includes(k))) : []
  if (reach.length === 0) {
    return finding({
      ...withOwner,
      message: `${where} holds ${describeToken(t)} of IAM user ${ownerText}`,
      evidence: { ...tokenEvidence(t), iamUser: principal.arn, keyActive: true, destruction: [] },
    })
  }
  const proven = reach.filter((r) => r.verdict !== 'conditional')
  return finding({
    ...withOwner,
    severity: proven.length > 0 ? 'critical' : 'high',
    message:
      `${where} holds ${describeToken(t)} of IAM user ${ownerText}, which ${describeReach(proven.length > 0 ? proven : reach)}` +
      (proven.length > 0 ? '' : '; high rather than critical because a step depends on a condition the inventory cannot prove'),
    evidence: { ...tokenEvidence(t), iamUser: principal.arn, keyActive: true, destruction: reach.map(reachEvidence) },
  })
}

const claimRank = (r: StoreReach): number => DESTRUCTIVE.findIndex((k) => r.reaches.includes(k))

/** The strongest claim, for every store it holds for: unrecoverable deletion, then the data, then its backups. */
function describeReach(reach: StoreReach[]): string {
  const top = Math.min(...reach.map(claimRank))
  const stores = reach.filter((r) => claimRank(r) === top).sort((a, b) => a.store.name.localeCompare(b.store.name))
  const names = stores.map((r) => r.store.name)
  const list = storesList(stores.map((r) => r.store))
  const first = stores[0]
  const steps = first.destroy?.steps ?? first.recoveryPoints.find((rp) => rp.path)?.path?.steps ?? []
  const how = describePath(uniqueSteps(steps))
  switch (DESTRUCTIVE[top]) {
    case 'delete-everything':
      return `can delete ${list} ${how} and every recovery point that would survive ${names.length === 1 ? 'it' : 'them'} (${DESTRUCTION_CHECK[DESTRUCTIVE[top]]})`
    case 'delete-data':
      return `can delete ${list} ${how} (${DESTRUCTION_CHECK[DESTRUCTIVE[top]]})`
    default:
      return `can delete recovery points of ${list} ${how} (${DESTRUCTION_CHECK[DESTRUCTIVE[top]]})`
  }
}

function reachEvidence(r: StoreReach): Record<string, unknown> {
  const steps = uniqueSteps([...(r.destroy?.steps ?? []), ...r.recoveryPoints.flatMap((rp) => rp.path?.steps ?? [])])
  return { [r.store.store]: r.store.arn, kinds: r.reaches.filter((k) => DESTRUCTIVE.includes(k)).map((k) => DESTRUCTION_CHECK[k]), verdict: r.verdict, path: pathEvidence(steps) }
}
