// The INI dialect of ~/.aws/credentials and ~/.aws/config as the AWS CLI reads it: botocore
// parses both with Python's configparser.RawConfigParser. So: `[section]` headers taken as
// written; `key = value` or `key: value`, keys lower-cased; whole-line comments starting with
// `#` or `;` (no inline comments: `= AKIA… # old` keeps the comment in the value); a line
// indented deeper than its key continues the value (botocore reads `s3 =` + indented lines as a
// nested section); `[DEFAULT]` lends its keys to every section. Where configparser would fail
// the whole file (a key before any section, a duplicate), this parser keeps going and says so:
// an agent can still read what the CLI could not.
// Values stay in this module's callers (src/agent/): secrets never leave discovery.

export interface IniValue {
  value: string
  line: number
}

export interface IniSection {
  name: string
  line: number
  values: Map<string, IniValue>
}

export interface IniProblem {
  line: number
  message: string
}

export interface IniFile {
  sections: IniSection[]
  problems: IniProblem[]
}

const SECTION = /^\[(.+)\]/
const OPTION = /^(.*?)\s*[=:]\s*(.*)$/

/** Parse the text of an AWS credentials or config file. Never throws. */
export function parseIni(text: string): IniFile {
  const sections: IniSection[] = []
  const byName = new Map<string, IniSection>()
  const problems: IniProblem[] = []
  let current: IniSection | undefined
  let key: string | undefined
  let keyIndent = 0
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/)
  lines.forEach((raw, i) => {
    const n = i + 1
    const stripped = raw.trim()
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) return
    const indent = raw.length - raw.trimStart().length
    if (current && key !== undefined && indent > keyIndent) {
      const v = current.values.get(key)!
      v.value = `${v.value}\n${stripped}`
      return
    }
    key = undefined
    const header = SECTION.exec(stripped)
    if (header) {
      const name = header[1]
      const earlier = byName.get(name)
      if (earlier) problems.push({ line: n, message: `section [${name}] appears again (first at line ${earlier.line}); the AWS CLI refuses the file, its keys are merged here` })
      current = earlier ?? { name, line: n, values: new Map() }
      if (!earlier) {
        sections.push(current)
        byName.set(name, current)
      }
      return
    }
    const option = OPTION.exec(stripped)
    if (!current) {
      problems.push({ line: n, message: 'a line before any [section]: the AWS CLI refuses the whole file' })
      return
    }
    if (!option || option[1] === '') {
      problems.push({ line: n, message: 'neither a [section], a key = value line nor a comment' })
      return
    }
    key = option[1].toLowerCase()
    keyIndent = indent
    if (current.values.has(key)) problems.push({ line: n, message: `key ${key} appears twice in [${current.name}]; the AWS CLI refuses the file, the last one is kept here` })
    current.values.set(key, { value: option[2], line: n })
  })
  return { sections: withDefaults(sections), problems }
}

/** configparser's [DEFAULT]: its keys appear in every section that does not set them itself. */
function withDefaults(sections: IniSection[]): IniSection[] {
  const defaults = sections.find((s) => s.name === 'DEFAULT')
  if (!defaults) return sections
  return sections
    .filter((s) => s !== defaults)
    .map((s) => ({ ...s, values: new Map([...defaults.values, ...s.values]) }))
}
