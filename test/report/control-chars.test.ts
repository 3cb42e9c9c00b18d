// File names are chosen by whoever wrote the repo: a workspace path with escape sequences or
// line breaks must not repaint the terminal or forge report lines in the human formats.
import { describe, expect, it } from 'vitest'
import { render as text } from '../../src/report/text.js'
import { render as markdown } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/model.js'
import { sampleReport } from '../support/report-fixture.js'

const EVIL = 'evil\u001b[2K\u001b[31mRED\u001b[0m\r\nNo findings.\u0007\u009b1m.env'

function withEvilFile(): { report: Report; checks: Parameters<typeof text>[1]['checks'] } {
  const { report, checks } = sampleReport()
  const findings = report.findings.map((f) =>
    f.checkId === 'token-in-workspace'
      ? { ...f, resource: { ...f.resource, arn: `workspace:${EVIL}` }, location: { file: EVIL, line: 3 }, message: `${EVIL} line 3 holds a GitHub token` }
      : f,
  )
  return { report: { ...report, findings, warnings: [`could not read ${EVIL}`] }, checks }
}

// eslint-disable-next-line no-control-regex
const FOREIGN_CONTROL = /\u001b\[2K|\u001b\[31mRED|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]|\r/

describe('control characters from report data', () => {
  it.each([false, true])('never reach the terminal in text (color %s)', (color) => {
    const { report, checks } = withEvilFile()
    const out = text(report, { color, checks })
    expect(out).not.toMatch(FOREIGN_CONTROL)
    expect(out.split('\n').filter((l) => l.trim() === 'No findings.')).toEqual([])
    expect(out).toContain('evil\\x1b[2K\\x1b[31mRED\\x1b[0m\\r\\nNo findings.\\x07\\x9b1m.env')
  })

  it('never reach the terminal in markdown', () => {
    const { report, checks } = withEvilFile()
    const out = markdown(report, { color: false, checks })
    expect(out).not.toMatch(FOREIGN_CONTROL)
    expect(out.split('\n').filter((l) => l.trim() === 'No findings.')).toEqual([])
  })
})
