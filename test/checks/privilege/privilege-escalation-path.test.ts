import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/privilege-escalation-path.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate, PROD, trustAccount } from '../../iam/fixtures.js'

const lambdaTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] }

describe('privilege-escalation-path', () => {
  it('fires for CreatePolicyVersion on a policy attached to the principal itself', () => {
    const inv = estate().prodAccount().managedPolicy('ci-policy', allowAll('iam:CreatePolicyVersion', `arn:aws:iam::${PROD}:policy/ci-policy`))
      .user('ci', { managedPolicyArns: [`arn:aws:iam::${PROD}:policy/ci-policy`] }).build()
    const [f] = runCheck(check, inv)
    expect(f).toMatchObject({ severity: 'high', principal: { arn: inv.arnOf('ci') }, evidence: { methods: ['create-policy-version'] } })
  })

  it('fires for PassRole to Lambda with an admin role, citing the chain', () => {
    const inv = estate().prodAccount()
      .role('lambda-admin', lambdaTrust, { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('dev').inline('dev', allowAll(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])).build()
    const [f] = runCheck(check, inv)
    expect(f.evidence).toMatchObject({ methods: ['passrole-lambda'], path: [expect.objectContaining({ to: inv.arnOf('lambda-admin') }), expect.objectContaining({ action: '*' })] })
  })

  it('fires for UpdateAssumeRolePolicy on an admin role and for CreateAccessKey on an admin user', () => {
    const a = estate().prodAccount().role('admin', trustAccount('999999999999'), { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('dev').inline('dev', allowAll('iam:UpdateAssumeRolePolicy')).build()
    expect(runCheck(check, a)).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ methods: ['update-assume-role-policy'] }) })])
    const b = estate().prodAccount().user('root-ish', { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('dev').inline('dev', allowAll('iam:CreateAccessKey')).build()
    expect(runCheck(check, b).map((f) => f.principal?.arn)).toEqual([b.arnOf('dev')])
  })

  it('stays quiet when PassRole is missing the service action, or the passable role is not admin', () => {
    const noInvoke = estate().prodAccount()
      .role('lambda-admin', lambdaTrust, { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('dev').inline('dev', allowAll(['iam:PassRole', 'lambda:CreateFunction'])).build()
    expect(runCheck(check, noInvoke)).toEqual([])
    const weakRole = estate().prodAccount().role('lambda-logs', lambdaTrust).inline('lambda-logs', allowAll('logs:*'))
      .user('dev').inline('dev', allowAll(['iam:PassRole', 'lambda:*'])).build()
    expect(runCheck(check, weakRole)).toEqual([])
  })

  it('stays quiet for an admin (nothing to gain) and for assumption without a method', () => {
    const inv = estate().prodAccount().user('admin').inline('admin', allowAll('*'))
      .role('admin-role', trustAccount(PROD), { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('ops').inline('ops', allowAll('sts:AssumeRole')).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})

describe('privilege-escalation-path: PassRole conditions', () => {
  const passRoleTo = (service: string) => ({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow' as const, Action: ['iam:PassRole'], Resource: ['*'], Condition: { StringEquals: { 'iam:PassedToService': [service] } } },
    { Effect: 'Allow' as const, Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: ['*'] }] })
  it('decides iam:PassedToService from the method: allowed for the right service', () => {
    const inv = estate().prodAccount()
      .role('lambda-admin', lambdaTrust, { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('dev').inline('dev', passRoleTo('lambda.amazonaws.com')).build()
    expect(runCheck(check, inv)).toEqual([expect.objectContaining({ severity: 'high' })])
  })
  it('and quiet when the condition names another service', () => {
    const inv = estate().prodAccount()
      .role('lambda-admin', lambdaTrust, { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('dev').inline('dev', passRoleTo('glue.amazonaws.com')).build()
    expect(runCheck(check, inv)).toEqual([])
  })
  describe('PassRole service actions are judged on the resource types they take', () => {
    const FUNCTIONS = `arn:aws:lambda:us-east-1:${PROD}:function:*`
    const deployer = (functions: string, passable = `arn:aws:iam::${PROD}:role/*`) => estate().prodAccount()
      .role('lambda-admin', lambdaTrust, { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('deployer').inline('deployer', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: [functions] },
          { Effect: 'Allow', Action: ['iam:PassRole'], Resource: [passable] },
        ],
      }).build()

    it('fires when CreateFunction and InvokeFunction are granted on function ARNs, not on "*"', () => {
      const inv = deployer(FUNCTIONS)
      const [f, ...rest] = runCheck(check, inv)
      expect(rest).toEqual([])
      expect(f).toMatchObject({ principal: { arn: inv.arnOf('deployer') }, evidence: { methods: ['passrole-lambda'] } })
      expect(f.evidence.path).toEqual([
        expect.objectContaining({ action: 'iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction', to: inv.arnOf('lambda-admin') }),
        expect.objectContaining({ action: '*' }),
      ])
    })

    it('stays quiet when the functions it may create are in another account', () => {
      expect(runCheck(check, deployer('arn:aws:lambda:us-east-1:999999999999:function:*'))).toEqual([])
    })

    it('stays quiet when the function ARN pattern names a resource of another type', () => {
      expect(runCheck(check, deployer(`arn:aws:lambda:us-east-1:${PROD}:layer:*`))).toEqual([])
    })

    it('stays quiet when PassRole does not reach the admin role', () => {
      expect(runCheck(check, deployer(FUNCTIONS, `arn:aws:iam::${PROD}:role/app-*`))).toEqual([])
    })
  })
})
