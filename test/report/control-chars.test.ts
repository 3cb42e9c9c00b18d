// File names are chosen by whoever wrote the repo, resource names and error messages by whoever
// controls the account: an escape sequence or a line break in them must not retitle or clear the
// terminal (`bulkhead scan --format csv`, `cat report.html`) or forge report lines, in any format.
// The formats come from the reporter registry, so a new one is covered the day it is registered.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { render as text } from '../../src/report/text.js'
import { render as markdown } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/model.js'
import { REPORTERS, loadReporter, type ReportFormat } from '../../src/report/render.js'
import { sampleReport } from '../support/report-fixture.js'

const ESTATE = join(import.meta.dirname, '../../fixtures/estates/well-isolated')

// OSC 0 (set the window title) ended by BEL, erase display, a forged line, CSI as one C1 byte, DEL
const EVIL = 'evil\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED\u001b[0m\r\nNo findings.\u009b1m\u007f.env'

function withEvilData(): { report: Report; checks: Parameters<typeof text>[1]['checks'] } {
  const { report, checks } = sampleReport({ errors: [{ accountId: '111111111111', region: 'us-east-1', operation: 'backup:ListBackupVaults', message: `AccessDenied on ${EVIL}` }] })
  const findings = report.findings.map((f) =>
    f.checkId === 'token-in-workspace'
      ? { ...f, resource: { ...f.resource, arn: `workspace:${EVIL}` }, location: { file: EVIL, line: 3 }, message: `${EVIL} line 3 holds a GitHub token`, evidence: { ...f.evidence, file: EVIL } }
      : f,
  )
  return {
    report: { ...report, findings, accounts: report.accounts.map((a) => ({ ...a, name: `${a.name}${EVIL}` })), warnings: [`could not read ${EVIL}`], skipped: [...report.skipped, { checkId: 'shared-db-secret', reason: `not collected: ${EVIL}` }] },
    checks,
  }
}

/**
 * A raw control character other than the layout's own line feeds and tabs (and CSV's CRLF row
 * ends), or a piece of the escape sequences in raw form.
 */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/
const forgedLines = (out: string) => out.split(/\r?\n/).filter((l) => l.trim() === 'No findings.')
const FORMATS = Object.keys(REPORTERS) as ReportFormat[]

describe('control characters from report data, in every registered format', () => {
  it('the registry holds the formats of spec §1 at least', () => {
    expect(FORMATS).toEqual(expect.arrayContaining(['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'csv']))
  })

  it.each(FORMATS)('%s: no raw escape sequence, no forged line, the name still shown', async (format) => {
    const { report, checks } = withEvilData()
    const out = (await loadReporter(format))(report, { color: false, checks })
    expect(out).not.toMatch(RAW_CONTROL)
    expect(out).not.toContain('\u001b')
    expect(forgedLines(out)).toEqual([])
    // the file is still named (escaped), so the finding can be acted on
    expect(out).toMatch(/evil(\\x1b|\\u001b|\\\\x1b)/)
  })

  it.each(FORMATS.filter((f) => f === 'json' || f === 'sarif'))('%s: the name survives exactly, JSON-escaped', async (format) => {
    const { report, checks } = withEvilData()
    const out = (await loadReporter(format))(report, { color: false, checks })
    expect(out).toContain(JSON.stringify(EVIL).slice(1, -1).replace('\u009b', '\\u009b').replace('\u007f', '\\u007f'))
    expect(JSON.stringify(JSON.parse(out))).toContain(JSON.stringify(EVIL).slice(1, -1))
  })

  it.each([false, true])('text with colour %s shows the escapes literally', (color) => {
    const { report, checks } = withEvilData()
    const out = text(report, { color, checks })
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL)
    expect(out).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mRED\\x1b[0m\\r\\nNo findings.\\x9b1m\\x7f.env')
  })

  it('markdown keeps table rows whole', () => {
    const { report, checks } = withEvilData()
    expect(forgedLines(markdown(report, { color: false, checks }))).toEqual([])
  })
})

describe('a workspace file with a hostile name, scanned by the CLI into every format', () => {
  const ws = mkdtempSync(join(tmpdir(), 'bulkhead-evil-ws-'))
  const out = mkdtempSync(join(tmpdir(), 'bulkhead-evil-out-'))
  afterAll(() => {
    rmSync(ws, { recursive: true, force: true })
    rmSync(out, { recursive: true, force: true })
  })
  // a file system name cannot hold NUL or '/': everything else of the payload can
  writeFileSync(join(ws, EVIL), `GITHUB_TOKEN=ghp_${'k9bOh0tgQ2xV7'.repeat(3).slice(0, 36)}\n`)

  it.each(FORMATS)('%s on stdout and in --report', async (format) => {
    let stdout = ''
    let stderr = ''
    const file = join(out, `report.${format}`)
    // with a snapshot beside the workspace: some formats (ASFF) file every finding under an account
    const code = await main(['node', 'bulkhead', 'scan', '--snapshot', ESTATE, '--workspace', ws, '--format', format, '--report', `${format}=${file}`, '--fail-on', 'none', '--no-color'], {
      stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s),
    })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    for (const text of [stdout, readFileSync(file, 'utf8')]) {
      expect(text).toMatch(/evil/)
      expect(text).not.toMatch(RAW_CONTROL)
      expect(forgedLines(text)).toEqual([])
    }
  })
})
