// The `workspace` key of the config: what the schema accepts is what scanWorkspace takes.
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_FILE_BYTES, workspaceConfigSchema, type WorkspaceOptions } from '../../src/workspace/index.js'

const validate = new Ajv({ strict: false }).compile<unknown>(workspaceConfigSchema)

describe('workspaceConfigSchema', () => {
  it('accepts environment globs, a size limit and excludes', () => {
    const config: WorkspaceOptions = { environments: { prod: ['deploy/prod/**', '*.prod.env'], staging: ['deploy/stg/**'] }, maxFileBytes: 2048, exclude: ['vendor'] }
    expect(validate(config)).toBe(true)
  })

  it.each<[unknown, string]>([
    [{ environments: { production: ['x'] } }, 'an environment outside the vocabulary'],
    [{ environments: { prod: 'deploy/prod/**' } }, 'a glob that is not in a list'],
    [{ maxFileBytes: 0 }, 'a size limit below 1'],
    [{ exclude: [''] }, 'an empty glob'],
    [{ follow: true }, 'an unknown key'],
  ])('rejects %j (%s)', (config) => {
    expect(validate(config)).toBe(false)
  })

  it('documents the default size limit of 1 MiB', () => {
    expect(workspaceConfigSchema.properties.maxFileBytes.default).toBe(DEFAULT_MAX_FILE_BYTES)
    expect(DEFAULT_MAX_FILE_BYTES).toBe(1024 * 1024)
  })
})
