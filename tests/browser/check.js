// check.js: open dpgaudit's HTML reports in Debian's chromium (headless,
// driven by playwright-core; no browser download) and check what a reviewer
// sees: the checklist, the evidence links, the chart, the overview's sorting
// and filtering, and that hostile content stays inert (no dialog, no title
// change, no element from the repository).  Usage:
//   node check.js REPORT.html HOSTILE.html OVERVIEW.html OUTDIR
// Prints one line per check and "browser: N passed, N failed".
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const [report, hostile, overview, outdir] = process.argv.slice(2);
let pass = 0, fail = 0;
function ok(cond, what) {
  if (cond) { pass++; } else { fail++; console.log('  FAIL browser: ' + what); }
}
const url = (f) => 'file://' + path.resolve(f);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  const page = await browser.newPage();
  const dialogs = [], requests = [], errors = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // one scan's report
  await page.goto(url(report));
  ok(await page.locator('ol.checklist > li').count() === 11, 'the checklist has the 11 indicators');
  ok(await page.locator('ol.checklist .badge.met').count() >= 1, 'verdict badges render');
  const link = page.locator('a[href^="https://github.com/example-org/clinicqueue/blob/0123456789abcdef0123456789abcdef01234567/README.md#L"]');
  ok(await link.count() >= 1, 'evidence is linked to the file at the scanned commit');
  const bar = page.locator('svg.chart rect.bar').first();
  const box = await bar.boundingBox();
  ok(box && box.width > 50 && box.height > 5, 'the SDG chart draws a bar (' + JSON.stringify(box) + ')');
  ok((await page.locator('#license').innerText()).includes('Apache-2.0'), 'the license breakdown shows the project license');
  await page.screenshot({ path: path.join(outdir, 'report.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  ok(pdf.length > 10000, 'the report prints (' + pdf.length + ' bytes of PDF)');
  await page.emulateMedia({ media: 'screen' });

  // a hostile repository's report
  await page.goto(url(hostile));
  await page.waitForTimeout(200);
  ok(dialogs.length === 0, 'no dialog opened (' + dialogs.join(', ') + ')');
  const title = await page.title();
  ok(title.startsWith("dpgaudit: <script>document.title='pwned'</script>"), 'the title is the escaped name, unchanged: ' + title);
  ok(await page.locator('script').count() === 0, 'no script element');
  ok(await page.locator('img').count() === 0, 'no image element from the repository');
  ok(await page.locator('a[href^="javascript:"]').count() === 0, 'no javascript: link');
  ok((await page.locator('body').innerText()).includes('<img src=x onerror=alert(5)>.png'), 'the hostile name is shown as text');

  // the overview: counts, sort, filter (the script runs under the CSP hash)
  await page.goto(url(overview));
  const rows = page.locator('#ov tbody tr');
  const n = await rows.count();
  ok(n === 3, 'the overview lists the 3 targets (' + n + ')');
  await page.fill('#filter', 'weak');
  ok(await page.locator('#ov tbody tr:visible').count() === 1, 'the filter keeps the matching row');
  ok((await page.locator('#shown').innerText()) === '1', 'the count of rows shown follows the filter');
  await page.fill('#filter', '');
  ok(await page.locator('#ov tbody tr:visible').count() === 3, 'clearing the filter shows every row');
  const names = async () => page.locator('#ov tbody tr td:first-child a').allInnerTexts();
  await page.click('#ov thead th:has-text("met")');
  const asc = await names();
  await page.click('#ov thead th:has-text("met")');
  const desc = await names();
  ok(JSON.stringify(asc) === JSON.stringify(desc.slice().reverse()) && asc[asc.length - 1] === 'clinicqueue',
    'a heading click sorts, a second click reverses (' + asc + ' / ' + desc + ')');
  ok((await page.locator('#ov thead th[aria-sort]').count()) === 1, 'the sorted column is marked');
  await page.click('#ov tbody tr:has-text("clinicqueue") a');
  ok(page.url().endsWith('-scan'), 'a row links to its report in the page');
  ok(await page.locator('article').count() === 3, 'each target has its report under an anchor');
  await page.screenshot({ path: path.join(outdir, 'overview.png') });

  ok(requests.length === 0, 'nothing was fetched from the network (' + requests.join(' ') + ')');
  ok(errors.length === 0, 'no console error (a CSP refusal would be one): ' + errors.join(' | '));
  await browser.close();
  console.log('browser: ' + pass + ' passed, ' + fail + ' failed');
  process.exit(fail ? 1 : 0);
})().catch((e) => { console.log('  FAIL browser: ' + e.message); console.log('browser: ' + pass + ' passed, ' + (fail + 1) + ' failed'); process.exit(1); });
