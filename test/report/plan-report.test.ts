// Fix first in every report (issue 13 §3), from one real scan of the demo estate through the built
// CLI: the text report opens with the plan and fits one screen naming every critical resource,
// --verbose gives every path step again, --quiet only the headline; Markdown and HTML open with the
// plan (the HTML graph, in chromium, marks the cut); JSON validates with the plan; SARIF carries
// `fixes` whose replacements make exactly the change's patch, and passes the SARIF multitool.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import fastJsonPatch, { type Operation } from 'fast-json-patch'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '../../src/checks/define.js'
import type { Report } from '../../src/report/model.js'
import { whereOf } from '../../src/report/plan-text.js'
import { printable } from '../../src/report/printable.js'
import { pathSteps } from '../../src/report/steps.js'
import { cli, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'
import { assertValidSarif } from '../support/sarif-validate.js'

const demo = fixture('shared-blast-radius')
const source = ['--snapshot', demo, '--workspace', join(demo, 'workspace'), '--fail-on', 'none']
const dir = mkdtempSync(join(tmpdir(), 'bulkhead-plan-report-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const out = (f: string) => join(dir, f)

interface SarifResult { partialFingerprints: Record<string, string>; fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }[] }[] }[] }

describe('Fix first in the reports of the demo estate', () => {
  let text: string
  let report: Report
  let critical: Finding[]
  beforeAll(() => {
    const r = cli(['scan', ...source, '--report', `json=${out('r.json')}`, '--report', `markdown=${out('r.md')}`, '--report', `html=${out('r.html')}`, '--report', `sarif=${out('r.sarif')}`, '--report', `csv=${out('r.csv')}`])
    expect(r.stderr).toBe('')
    text = r.stdout
    report = JSON.parse(readFileSync(out('r.json'), 'utf8')) as Report
    critical = report.findings.filter((f) => f.severity === 'critical' && !f.suppressed)
  })

  it('text: opens with "Fix first: N changes remove …" right under the title, fits one screen, names every critical resource', () => {
    const lines = text.trimEnd().split('\n')
    const plan = report.plan!
    expect(lines[0]).toMatch(/^bulkhead \S+ · snapshot /)
    expect(lines[2]).toMatch(new RegExp(`^Fix first: ${plan.changes.length} changes remove ${plan.removed} of ${plan.findings} critical findings`))
    expect(plan.changes.length).toBeGreaterThan(1)
    expect(lines.length).toBeLessThanOrEqual(60)
    expect(critical.length).toBe(plan.findings)
    for (const f of critical) expect(text, f.fingerprint).toContain(printable(whereOf(f)))
    // grouped by the change that removes them: the change titles, not one block per finding
    for (const c of plan.changes) expect(text).toContain(c.title)
    expect(text).not.toContain('\nCRITICAL (')
  })

  it('text --verbose: every step of every path again, and every finding\'s message', () => {
    const verbose = cli(['scan', ...source, '--verbose']).stdout
    let steps = 0
    for (const f of report.findings.filter((x) => !x.suppressed)) {
      expect(verbose).toContain(printable(f.message))
      for (const s of pathSteps(f)) { expect(verbose).toContain(printable(s)); steps++ }
    }
    expect(steps).toBeGreaterThan(20)
    expect(verbose.split('\n').length).toBeGreaterThan(text.split('\n').length)
  })

  it('text --quiet: the title, the Fix first headline and the score, nothing else', () => {
    const quiet = cli(['scan', ...source, '--quiet']).stdout.trimEnd().split('\n')
    expect(quiet[0]).toBe(text.split('\n')[0])
    expect(quiet[2]).toBe(text.split('\n')[2])
    expect(quiet.some((l) => l.startsWith('Score '))).toBe(true)
    expect(quiet.length).toBeLessThanOrEqual(6)
    expect(quiet.join('\n')).not.toContain('HIGH (')
  })

  it('Markdown: opens with the plan, each change and what it removes', () => {
    const md = readFileSync(out('r.md'), 'utf8')
    expect(md.split('\n')[0]).toMatch(/^## bulkhead · Fix first: \d+ changes remove /)
    report.plan!.changes.forEach((c, i) => expect(md).toContain(`${i + 1}. **${c.title}**`))
    expect(md.indexOf('Fix first')).toBeLessThan(md.indexOf('### Score'))
  })

  it('JSON: validates against the report schema with the plan, proven and verified', () => {
    assertValidReport(report)
    expect(report.plan).toMatchObject({ objective: 'critical', optimal: true, verified: true, solver: 'highs' })
    const removed = new Set(report.plan!.changes.flatMap((c) => c.removes))
    expect(removed.size).toBe(report.plan!.removed)
    for (const fp of removed) expect(critical.some((f) => f.fingerprint === fp)).toBe(true)
  })

  it('SARIF: fixes where a change edits a snapshot file, whose replacements make exactly its patch; valid for the multitool', () => {
    const text = readFileSync(out('r.sarif'), 'utf8')
    assertValidSarif({ text })
    const results = (JSON.parse(text) as { runs: { results: SarifResult[] }[] }).runs[0].results
    const withFixes = results.filter((r) => r.fixes?.length)
    expect(withFixes.length).toBeGreaterThan(0)
    const plan = report.plan!
    for (const change of plan.changes.filter((c) => c.patch.length && !c.patch.some((p) => p.create))) {
      const fixes = withFixes.filter((r) => change.removes.includes(r.partialFingerprints['bulkhead/v1'])).flatMap((r) => r.fixes!)
      const mine = fixes.find((x) => x.description.text.includes(change.title))
      expect(mine, change.id).toBeDefined()
      for (const a of mine!.artifactChanges) {
        const file = a.artifactLocation.uri.replace(/^.*?fixtures\/estates\/shared-blast-radius\//, '')
        const original = readFileSync(join(demo, file), 'utf8')
        // replacements apply back to front so earlier offsets hold
        let edited = original
        for (const rep of [...a.replacements].sort((x, y) => y.deletedRegion.charOffset - x.deletedRegion.charOffset)) {
          edited = edited.slice(0, rep.deletedRegion.charOffset) + rep.insertedContent.text + edited.slice(rep.deletedRegion.charOffset + rep.deletedRegion.charLength)
        }
        // the change alone, by an independent JSON Patch: its ops re-derived on the original
        // (the plan's patches apply in plan order, so only a change whose file no earlier change touches compares 1:1)
        const earlier = plan.changes.slice(0, plan.changes.indexOf(change)).some((c) => c.patch.some((p) => p.file === file))
        if (earlier) continue
        const ops = change.patch.find((p) => p.file === file)!.ops as Operation[]
        const expected = fastJsonPatch.applyPatch(JSON.parse(original), ops, true, false).newDocument
        expect(JSON.parse(edited)).toEqual(expected)
      }
    }
  })

  it('CSV and HTML list the findings in the one order of the JSON report', () => {
    const csv = readFileSync(out('r.csv'), 'utf8').trim().split('\n').slice(1)
    const csvFingerprints = csv.map((line) => /,([0-9a-f]{32}),/.exec(line)?.[1])
    expect(csvFingerprints).toEqual(report.findings.map((f) => f.fingerprint))
    const html = readFileSync(out('r.html'), 'utf8')
    const htmlFingerprints = [...html.matchAll(/<article class="finding[^"]*"[^>]*data-fingerprint="([0-9a-f]{32})">/g)].map((m) => m[1])
    expect(htmlFingerprints).toEqual(report.findings.map((f) => f.fingerprint))
  })

  describe('HTML in chromium', () => {
    let browser: Browser
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: process.env.BULKHEAD_CHROMIUM ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      })
    })
    afterAll(async () => { await browser?.close() })

    it('opens with the plan and draws the cut on the attack-path graph', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(e.message))
      await page.goto(pathToFileURL(out('r.html')).href)
      // right under the title and the line that says what was scanned
      await expect(page.locator('main > h1 + p.muted + section#plan').count()).resolves.toBe(1)
      await expect(page.locator('#plan h2').innerText()).resolves.toMatch(/^Fix first: \d+ changes remove /)
      await expect(page.locator('#plan ol > li').count()).resolves.toBe(report.plan!.changes.length)
      // the cut: arrows of the plan's graph marked with the changes that break them, visible
      const cut = page.locator('#plan svg g.edge.cut')
      expect(await cut.count()).toBeGreaterThan(0)
      const numbers = new Set((await cut.evaluateAll((es) => es.map((e) => e.getAttribute('data-cut') ?? ''))).flatMap((s) => s.split(' ')).map(Number))
      for (const n of numbers) expect(n >= 1 && n <= report.plan!.changes.length).toBe(true)
      expect(await cut.first().isVisible()).toBe(true)
      await expect(cut.first().locator('text').textContent()).resolves.toMatch(/^✂ fix \d/)
      expect(problems).toEqual([])
      await page.close()
    })
  })
})
