// Spec §3 for files: config globs, CI job environment, file name, directories; the rule is recorded.
import { describe, expect, it } from 'vitest'
import { environmentOfFile, environmentOfJob, globMatches } from '../../src/workspace/environment.js'
import { tokensOfFile } from '../../src/workspace/index.js'
import { githubToken } from './support.js'

describe('environment of a workspace file', () => {
  it.each([
    ['.env.production', 'prod', "file name '.env.production' has the word 'production'"],
    ['.env.staging', 'staging', "file name '.env.staging' has the word 'staging'"],
    ['config/.env.dev', 'dev', "file name '.env.dev' has the word 'dev'"],
    ['deploy/staging/values.yaml', 'staging', "directory 'deploy/staging/' has the word 'staging'"],
    ['k8s/prod/secret.yaml', 'prod', "directory 'k8s/prod/' has the word 'prod'"],
    ['prod/qa/.env', 'test', "directory 'prod/qa/' has the word 'qa'"], // innermost directory first
    ['docker-compose.prod.yml', 'prod', "file name 'docker-compose.prod.yml' has the word 'prod'"],
  ])('%s is %s', (path, environment, detail) => {
    expect(environmentOfFile(path, {})).toEqual({ environment, rule: 'name', detail })
  })

  it.each(['.env', 'product/.env', 'scripts/prod-to-staging-sync.sh', 'src/config.json'])('%s decides nothing', (path) => {
    expect(environmentOfFile(path, {})).toMatchObject({ environment: 'unknown', rule: 'default' })
  })

  it('lets config globs win over names', () => {
    const globs = { prod: ['ops/live-ish/**'], dev: ['*.local.env'] }
    expect(environmentOfFile('ops/live-ish/staging/.env', globs)).toEqual({
      environment: 'prod', rule: 'config-arn', detail: "config workspace.environments.prod 'ops/live-ish/**' matches ops/live-ish/staging/.env",
    })
    expect(environmentOfFile('a/b/app.local.env', globs).environment).toBe('dev')
  })

  it('matches globs like .gitignore: ** across directories, * within one, bare names at any depth', () => {
    expect(globMatches('deploy/**/prod.env', 'deploy/prod.env')).toBe(true)
    expect(globMatches('deploy/**/prod.env', 'deploy/a/b/prod.env')).toBe(true)
    expect(globMatches('deploy/*.env', 'deploy/a/x.env')).toBe(false)
    expect(globMatches('secrets', 'a/secrets/x.env')).toBe(true)
    expect(globMatches('deploy/prod', 'deploy/prod/x.env')).toBe(true)
    expect(globMatches('deploy/prod', 'deploy/production/x.env')).toBe(false)
  })

  it('takes a CI job environment from its environment: key, then its name, then the file', () => {
    const job = (name: string, environment?: string) => ({ name, startLine: 1, endLine: 9, ...(environment ? { environment } : {}) })
    expect(environmentOfJob(job('release', 'production'), '.github/workflows/ci.yml', {})).toEqual({
      environment: 'prod', rule: 'tag', detail: "CI job 'release' has environment: production",
    })
    expect(environmentOfJob(job('deploy-stg'), '.github/workflows/ci.yml', {})).toMatchObject({ environment: 'staging', rule: 'name' })
    expect(environmentOfJob(job('deploy', '${{ inputs.env }}'), '.github/workflows/deploy-prod.yml', {})).toMatchObject({ environment: 'prod', rule: 'name' })
  })

  it('gives each line of a workflow the environment of its job; top-level env gets the file', () => {
    const t = githubToken()
    const workflow = [
      'on: push', 'env:', `  GITHUB_TOKEN: ${t}`, 'jobs:', '  test:', '    runs-on: ubuntu-latest',
      '    env:', `      GITHUB_TOKEN: ${t}`, '  ship:', '    environment: { name: prod }', '    env:', `      GITHUB_TOKEN: ${t}`,
    ].join('\n')
    const tokens = tokensOfFile('.', '.github/workflows/ci.yml', workflow)
    expect(tokens.map((x) => [x.line, x.job, x.environment.environment])).toEqual([
      [3, undefined, 'unknown'],
      [8, 'test', 'test'],
      [12, 'ship', 'prod'],
    ])
  })

  it('reads GitLab CI jobs, not its settings keys', () => {
    const t = githubToken()
    const gitlab = ['variables:', `  GITHUB_TOKEN: ${t}`, 'deploy_staging:', '  script: [deploy]', '  variables:', `    GITHUB_TOKEN: ${t}`].join('\n')
    expect(tokensOfFile('.', '.gitlab-ci.yml', gitlab).map((x) => [x.job, x.environment.environment])).toEqual([
      [undefined, 'unknown'],
      ['deploy_staging', 'staging'],
    ])
  })
})
