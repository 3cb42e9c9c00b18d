// Breaks the chain at "a staging task found a token that also worked on prod": one secret (or
// one prod database login) configured for prod and for a non-prod environment, so staging work
// holds prod's keys. Values are compared by their SHA-256 fingerprints; no secret is kept.
import { defineCheck, type Finding, type FindingInput } from '../../src/checks/define.js'
import { describeDecision, isNonProd, isProd } from '../../src/inventory/environment.js'
import type { Inventory, WorkspaceToken } from '../../src/inventory/types.js'
import { describeToken, fileResource, locationOf, ownerOfAccessKey, placeOf, tokenEvidence } from '../../src/workspace/findings.js'

export default defineCheck({
  id: 'shared-credential-in-workspace',
  title: 'Same credential configured for prod and a non-prod environment',
  riskClass: 'isolation',
  severity: 'critical',
  description:
    'The same secret value appears in workspace files (or CI jobs) of prod and of staging, dev or test, or a ' +
    'non-prod configuration logs in to the same database host as the same user as prod. Work on the non-prod ' +
    'environment, by a person, a script or an AI agent, then holds a credential that works on prod.',
  remediation:
    'Issue a separate credential per environment, each scoped to that environment only (for AWS, a separate ' +
    'account or at least a separate IAM user or role); rotate the shared one; point non-prod configuration at ' +
    'non-prod databases with their own users.',
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/benefits-of-using-multiple-aws-accounts.html',
    'https://docs.github.com/en/actions/deployment/targeting-different-environments/using-environments-for-deployment',
    'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  ],
  compliance: { 'nist-800-53': ['SC-7(29)', 'AC-6', 'IA-5(7)', 'CM-2(6)'], soc2: ['CC6.1', 'CC8.1'], 'iso-27001': ['A.8.31', 'A.5.17'] },
  needs: ['workspace'],
  run({ inventory, finding }) {
    const tokens = inventory.workspace!.tokens
    const nonProd = tokens.filter(isNonProd)
    if (nonProd.length === 0) return []
    return tokens.filter(isProd).flatMap((prod) => [
      ...sameSecret(prod, nonProd, inventory, finding),
      ...sameDatabaseLogin(prod, nonProd, finding),
    ])
  },
})

type Make = (i: FindingInput) => Finding

const others = (shared: WorkspaceToken[]) =>
  shared.map((t) => `${placeOf(t)} (${t.environment.environment})`).join(', ')

const otherEvidence = (shared: WorkspaceToken[]) =>
  shared.map((t) => ({
    file: t.file, line: t.line, ...(t.job ? { job: t.job } : {}), environment: t.environment.environment,
    environmentRule: describeDecision(t.environment),
  }))

function sameSecret(prod: WorkspaceToken, nonProd: WorkspaceToken[], inventory: Inventory, finding: Make): Finding[] {
  const shared = nonProd.filter((t) => t.fingerprint === prod.fingerprint)
  if (shared.length === 0) return []
  const owner = prod.accessKeyId ? ownerOfAccessKey(inventory, prod.accessKeyId) : undefined
  return [
    finding({
      resource: fileResource(prod, owner?.principal.accountId),
      ...(owner ? { principal: owner.principal } : {}),
      location: locationOf(prod),
      key: `secret:${prod.fingerprint}`,
      message:
        `${placeOf(prod)} (prod) holds ${describeToken(prod)}${owner ? ` of IAM user ${owner.principal.name}` : ''}, ` +
        `and the same value is configured for non-prod at ${others(shared)}`,
      evidence: { ...tokenEvidence(prod), sharedWith: otherEvidence(shared), comparedBy: 'SHA-256 of the value' },
    }),
  ]
}

function sameDatabaseLogin(prod: WorkspaceToken, nonProd: WorkspaceToken[], finding: Make): Finding[] {
  if (prod.type !== 'database-url' || !prod.dbHost) return []
  // Same password: sameSecret already says it. Here the password differs (or was rotated in one
  // place only), but non-prod still logs in to prod's database as prod's user.
  const shared = nonProd.filter(
    (t) => t.type === 'database-url' && t.dbHost === prod.dbHost && t.dbUser === prod.dbUser && t.fingerprint !== prod.fingerprint,
  )
  if (shared.length === 0) return []
  return [
    finding({
      resource: fileResource(prod),
      location: locationOf(prod),
      key: `database-login:${prod.dbHost}:${prod.dbUser ?? ''}`,
      message:
        `${placeOf(prod)} (prod) logs in to database ${prod.dbHost} as ${prod.dbUser || '(no user)'}, ` +
        `and non-prod configuration logs in to the same host as the same user at ${others(shared)}`,
      evidence: { ...tokenEvidence(prod), sharedWith: otherEvidence(shared), comparedBy: 'database host and user' },
    }),
  ]
}
