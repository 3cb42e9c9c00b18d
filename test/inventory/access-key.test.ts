import { describe, expect, it } from 'vitest'
import { maskAccessKeyId } from '../../src/inventory/access-key.js'

describe('maskAccessKeyId', () => {
  it('shows an access key id as the AWS console does: prefix and last four', () => {
    expect(maskAccessKeyId('AKIA2WXPTWLL4FYTKQD2')).toBe('AKIA…KQD2')
    expect(maskAccessKeyId('ASIAEXAMPLEEXAMPLE99')).toBe('ASIA…LE99')
  })
  it('keeps only the prefix of an id too short to hide anything', () => {
    expect(maskAccessKeyId('AKIA1234')).toBe('AKIA…')
    expect(maskAccessKeyId('AKIA12345678')).toBe('AKIA…')
    expect(maskAccessKeyId('AK')).toBe('AK…')
  })
})
