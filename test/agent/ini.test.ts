// The INI dialect of the AWS CLI's files: Python's configparser as botocore uses it.
import { describe, expect, it } from 'vitest'
import { parseIni } from '../../src/agent/ini.js'

const values = (text: string, section: string) => Object.fromEntries([...(parseIni(text).sections.find((s) => s.name === section)?.values ?? new Map())].map(([k, v]) => [k, v.value]))

describe('parseIni', () => {
  it('reads sections as written, keys lower-cased, "=" or ":" with spaces, whole-line # and ; comments', () => {
    const ini = parseIni('# top\n[default]\nAWS_ACCESS_KEY_ID = AKIA1\n  ; indented comment\naws_secret_access_key:s3cr3t\n[ profile x ]\nregion=us-east-1\n')
    expect(ini.sections.map((s) => [s.name, s.line])).toEqual([['default', 2], [' profile x ', 6]])
    expect(values('[default]\nAWS_ACCESS_KEY_ID = AKIA1\naws_secret_access_key:s3cr3t\n', 'default')).toEqual({ aws_access_key_id: 'AKIA1', aws_secret_access_key: 's3cr3t' })
    expect(ini.problems).toEqual([])
  })

  it('keeps an inline "# comment" in the value, as configparser does', () => {
    expect(values('[a]\nregion = us-east-1 # home\n', 'a').region).toBe('us-east-1 # home')
  })

  it('continues a value on deeper-indented lines (botocore nested sections such as s3 =)', () => {
    expect(values('[a]\ns3 =\n    max_concurrent_requests = 20\n    addressing_style = path\nregion = eu-west-1\n', 'a')).toEqual({
      s3: '\nmax_concurrent_requests = 20\naddressing_style = path',
      region: 'eu-west-1',
    })
  })

  it('lends [DEFAULT] keys to every section that does not set them', () => {
    const text = '[DEFAULT]\nregion = us-east-1\noutput = json\n[a]\nregion = eu-west-1\n[b]\n'
    expect(parseIni(text).sections.map((s) => s.name)).toEqual(['a', 'b'])
    expect(values(text, 'a')).toEqual({ region: 'eu-west-1', output: 'json' })
    expect(values(text, 'b')).toEqual({ region: 'us-east-1', output: 'json' })
  })

  it('keeps going where the CLI would refuse the file, and says so: a key before any section, duplicates, junk', () => {
    const ini = parseIni('stray = 1\n[a]\nx = 1\nx = 2\n[a]\ny = 3\nnot a key\n')
    expect(values('[a]\nx = 1\nx = 2\n[a]\ny = 3\n', 'a')).toEqual({ x: '2', y: '3' })
    expect(ini.problems.map((p) => p.line)).toEqual([1, 4, 5, 7])
    expect(ini.problems[0].message).toMatch(/before any \[section\]/)
  })

  it('reads CRLF and a byte-order mark', () => {
    const ini = parseIni('\uFEFF[default]\r\naws_access_key_id = AKIA1\r\n')
    expect(ini.sections[0].name).toBe('default')
    expect(ini.sections[0].values.get('aws_access_key_id')).toEqual({ value: 'AKIA1', line: 2 })
  })
})
