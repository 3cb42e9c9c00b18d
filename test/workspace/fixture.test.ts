// The shared-blast-radius estate with its repo: the incident end to end, from a file in the
// working tree to the IAM user whose key it is and what that user can destroy.
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import tokenInWorkspace from '../../checks/privilege/token-in-workspace.js'
import sharedCredential from '../../checks/isolation/shared-credential-in-workspace.js'
import { runChecks } from '../../src/checks/run.js'
import { createIamEngine } from '../../src/iam/index.js'
import { NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import { normalize } from '../../src/inventory/normalize.js'
import { openSnapshot } from '../../src/snapshot/read.js'
import { scanWorkspace } from '../../src/workspace/index.js'
import { assertValidFinding } from '../support/report-schema.js'

const ESTATE = resolve(import.meta.dirname, '../../fixtures/estates/shared-blast-radius')

describe('fixture shared-blast-radius/workspace', () => {
  const inventory = normalize(openSnapshot(ESTATE), { environments: NO_ENVIRONMENT_CONFIG, breakGlass: [], kind: 'snapshot' })
  inventory.workspace = scanWorkspace([resolve(ESTATE, 'workspace')])
  const { findings } = runChecks([tokenInWorkspace, sharedCredential], inventory, { iam: () => createIamEngine(inventory) })
  const summary = findings.map((f) => [f.checkId, f.severity, f.resource.arn, f.location.line, f.principal?.arn ?? ''])

  it('finds the shared staging key, the chore script key mapped to domain-bot, the Railway token and the database URLs', () => {
    expect(summary).toEqual([
      ['shared-credential-in-workspace', 'critical', 'workspace:.env.production', 2, 'arn:aws:iam::222222222222:user/staging-deploy'],
      ['token-in-workspace', 'critical', 'workspace:.env.production', 2, 'arn:aws:iam::222222222222:user/staging-deploy'],
      ['token-in-workspace', 'critical', 'workspace:.env.staging', 2, 'arn:aws:iam::222222222222:user/staging-deploy'],
      ['token-in-workspace', 'critical', 'workspace:scripts/renew-domain.sh', 4, 'arn:aws:iam::111111111111:user/domain-bot'],
      ['token-in-workspace', 'high', 'workspace:.env.production', 5, ''],
      ['token-in-workspace', 'high', 'workspace:.env.staging', 5, ''],
      ['token-in-workspace', 'high', 'workspace:scripts/renew-domain.sh', 6, ''],
    ])
    for (const f of findings) assertValidFinding(f)
  })

  it('says what the staging key can do in prod: delete orders-prod and every recovery point through deploy-prod', () => {
    const staging = findings.find((f) => f.checkId === 'token-in-workspace' && f.resource.arn === 'workspace:.env.staging')!
    expect(staging.message).toContain('of IAM user staging-deploy (222222222222), which can delete prod databases billing-prod and orders-prod through role deploy-prod (sts:AssumeRole) and every recovery point that would survive them (unrecoverable-deletion)')
    expect(staging.message).toContain('(unrecoverable-deletion)')
    expect(staging).toMatchObject({ accountId: '222222222222', environment: 'staging', evidence: { accessKeyId: 'AKIA…JLJL' } })
  })

  it('stays quiet on .env.example and the code that reads settings from the environment', () => {
    expect(inventory.workspace!.tokens.filter((t) => t.file === '.env.example' || t.file.startsWith('src/'))).toEqual([])
  })
})
