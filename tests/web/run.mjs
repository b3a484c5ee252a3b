// Browser test of the web view (web/index.html), run by tests/e2e/web.sh.
//
// 1. fixture: the page in static mode over tests/web/fixture.json (no store).
// 2. server:  a store built by `storyline add` from the bundled ECB+ sample
//    (plus two hostile articles), `storyline serve --port 0`, and the pages
//    driven in Debian's chromium through playwright-core.
// 3. report:  `storyline report` into a file, opened through file:// with
//    the network off.
// Prints "ok NAME" / "not ok NAME: why" per check, saves screenshots into
// $BUILD/web-artefacts/, and exits 1 when a check failed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = path.resolve(ROOT, process.env.BUILD || 'build');
const SL = path.join(BUILD, 'storyline');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTEFACTS = path.join(BUILD, 'web-artefacts');
const SAMPLE = path.join(ROOT, 'data/ecbplus-dev/articles.jsonl');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'storyline-web-'));
const WAIT = 20000;

let failures = 0;
let server = null;
const log = [];

function note(msg) { log.push(msg); }

async function check(name, fn) {
  try {
    await fn();
    console.log('ok ' + name);
  } catch (e) {
    failures++;
    console.log('not ok ' + name + ': ' + String(e && e.message ? e.message : e).split('\n')[0]);
    if (process.env.VERBOSE && e && e.stack) console.log(e.stack);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

function cleanup() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  fs.rmSync(TMP, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function run(args, opts) {
  const r = spawnSync(SL, args, Object.assign({ cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }, opts || {}));
  if (r.error) throw r.error;
  return r;
}

// Waits for the page to finish rendering its route (body[data-state]).
async function settled(page, state) {
  // the route of the current hash rendered (not the previous page's state)
  await page.waitForFunction(
    () => document.body.dataset.state !== 'loading' && document.body.dataset.hash === location.hash,
    null, { timeout: WAIT });
  const got = await page.evaluate(() => document.body.dataset.state);
  if (state && got !== state) {
    const msg = await page.locator('#error').textContent().catch(() => '');
    throw new Error(`page state ${got}${msg ? ': ' + msg : ''}`);
  }
  return got;
}

async function go(page, url, state = 'ready') {
  await page.goto(url);
  return settled(page, state);
}

// Clicks a link that changes the hash route and waits for the new page.
async function follow(page, locator) {
  const before = page.url();
  await locator.first().click();
  await page.waitForFunction((u) => location.href !== u, before, { timeout: WAIT });
  return settled(page, 'ready');
}

async function shot(page, name) {
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTEFACTS, name), fullPage: true });
}

// A page that records script errors, dialogs (an injected script would
// raise one) and requests that leave file:// or the server.
async function newPage(browser, opts) {
  const context = await browser.newContext(Object.assign({ viewport: { width: 1280, height: 900 } }, opts || {}));
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('script error: ' + e.message));
  page.on('dialog', (d) => { page.problems.push('dialog: ' + d.message()); d.dismiss().catch(() => {}); });
  return { context, page };
}

function noProblems(page) {
  assert(page.problems.length === 0, page.problems.join('; '));
}

// Checks the compare view on the page: aligned sentences come in pairs,
// hovering one highlights its partner, clicking pins it.
async function checkAligned(page) {
  const n = Number(await page.getByTestId('aligned-count').textContent());
  const a = page.locator('#col-a li.sent.aligned');
  const b = page.locator('#col-b li.sent.aligned');
  assert(n > 0, 'no aligned sentences in this pair');
  assert(await a.count() === n && await b.count() === n,
    `aligned ${n} pairs but ${await a.count()} / ${await b.count()} sentences marked`);
  const first = a.first();
  const partner = Number(await first.getAttribute('data-partner'));
  const peer = page.locator(`#b-s${partner}`);
  await first.hover();
  assert(await peer.evaluate((el) => el.classList.contains('hl')), 'hover does not highlight the partner');
  const sim = await first.getAttribute('data-sim');
  assert(/^[01]\.\d\d$/.test(sim || ''), 'similarity not shown: ' + sim);
  await first.locator('button.sim').click();
  assert(await first.evaluate((el) => el.classList.contains('pinned')), 'click does not pin the pair');
  await page.mouse.move(1, 1);
  assert(await peer.evaluate((el) => el.classList.contains('hl')), 'pinned partner loses its highlight');
}

const HOSTILE_TITLE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const HOSTILE_TEXT = 'Zorblax Quuxington of Vexmoor said on Tuesday that "</script><!-- <script> is not a tag, ' +
  'and the Vexmoor council must vote again". \u2028The Vexmoor council met in Quuxton to discuss it. ' +
  'Councillor Ottoline Brank told the Quuxton Gazette: "We will not be scripted."';

async function fixtureChecks(browser) {
  const data = fs.readFileSync(path.join(ROOT, 'tests/web/fixture.json'), 'utf8');
  const { context, page } = await newPage(browser);
  await page.addInitScript({ content: 'window.SL_DATA=' + data + ';' });
  const base = pathToFileURL(path.join(ROOT, 'web/index.html')).href;
  await check('fixture: list in static mode', async () => {
    await go(page, base + '#/');
    assert(await page.locator('.event-row').count() === 3, 'expected 3 events');
    assert((await page.getByTestId('mode').textContent()) === 'static report', 'no static-mode badge');
  });
  await check('fixture: search, dates and paging follow docs/api.md', async () => {
    await go(page, base + '#/?q=DIJSSELBLOEM%20lisbon');
    assert(await page.locator('.event-row').count() === 1, 'entity search');
    await go(page, base + '#/?q=loan%20extension');
    assert(await page.locator('.event-row').count() === 1, 'member title search');
    await go(page, base + '#/?from=2013-10-11&to=2014-03-04');
    assert(await page.locator('.event-row').count() === 1, 'window overlap');
    await go(page, base + '#/?limit=1&offset=1');
    assert((await page.getByTestId('page-info').textContent()).startsWith('2'), 'offset');
    await go(page, base + '#/?limit=0', 'error');
  });
  await check('fixture: hostile text stays text', async () => {
    await go(page, base + '#/event/e2');
    assert((await page.getByTestId('title').textContent()) === '<img src=x onerror=alert(1)>; Eurogroup', 'label altered');
    await go(page, base + '#/article/hostile');
    await go(page, base + '#/article/repost');
    assert(await page.locator('a[href^="javascript"]').count() === 0, 'javascript: URL made a link');
    await go(page, base + '#/article/wire');
    assert((await page.getByTestId('sum').textContent()) === '26 billion euros (26000000000 EUR)', 'the sum of the lead');
    noProblems(page);
  });
  await check('fixture: compare in both orders', async () => {
    await go(page, base + '#/compare?a=rewrite&b=wire');
    await checkAligned(page);
    assert(await page.locator('mark[data-testid=shared-quote]').count() === 2, 'shared quote not marked in both texts');
    assert((await page.getByTestId('article-link-a').textContent()) === 'Portugal gets more time', 'swap');
    assert((await page.getByTestId('leads').textContent()) === '- / Jeroen Dijsselbloem', 'leads not swapped with the pair');
    const drift = await page.getByTestId('drift-item').textContent();
    assert(/^A we were rewarded.*B we have been rewarded/.test(drift), 'quote drift not swapped with the pair: ' + drift);
    assert((await page.getByTestId('sums').textContent()) === '- / 26 billion euros', 'sums not swapped with the pair');
    await go(page, base + '#/compare?a=wire&b=hostile');
    assert((await page.getByTestId('not-apart').textContent()) === 'A names 2013-10-07 inside B\u2019s time: a follow-up', 'recall not shown');
    await go(page, base + '#/compare?a=hostile&b=wire');
    assert((await page.getByTestId('not-apart').textContent()) === 'B names 2013-10-07 inside A\u2019s time: a follow-up', 'recall not swapped with the pair');
    await go(page, base + '#/compare?a=wire&b=rewrite');
    assert(await page.getByTestId('not-apart').count() === 0, 'a reason shown for overlapping times');
  });
  await context.close();
}

async function startServer(db) {
  const proc = spawn(SL, ['serve', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  server = proc;
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "serving" line within 20 s: ' + err.trim())), WAIT);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (s) => {
      err += s;
      const m = /serving .* on (http:\/\/\S+?)\/?\s*$/m.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${err.trim()}`)); });
  });
}

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json();
  return { status: r.status, body };
}

// Picks what to look at from the API: the event with the most to show
// (rewrite or duplicate groups, quotes), a storyline with several events,
// a word to search for.
async function explore(base) {
  const list = (await getJSON(base + '/api/events?limit=1000')).body;
  assert(list.total > 0 && list.events.length > 0, 'the store has no events');
  let best = null, bestScore = -1;
  const docs = new Map();
  for (const e of list.events.filter((x) => x.size > 1).slice(0, 150)) {
    const d = (await getJSON(base + '/api/events/' + encodeURIComponent(e.id))).body;
    docs.set(e.id, d);
    const roles = new Set((d.articles || []).map((a) => a.role));
    const score = (roles.has('rewrite') ? 4 : 0) + (roles.has('duplicate') ? 2 : 0) + ((d.quotes || []).length ? 2 : 0) + (roles.has('independent') ? 1 : 0);
    if (score > bestScore) { best = d; bestScore = score; }
  }
  const perStory = new Map();
  for (const e of list.events) if (e.storyline) perStory.set(e.storyline, (perStory.get(e.storyline) || 0) + 1);
  const story = [...perStory.entries()].sort((x, y) => y[1] - x[1])[0];
  // a word of the first (newest) ECB+ event's label
  const first = list.events.find((e) => !String(e.representative).startsWith('xss-')) || list.events[0];
  const words = (first.label || '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
  return { list, first, event: best, docs, storyline: story ? story[0] : null, word: words.sort((x, y) => y.length - x.length)[0] || null };
}

async function serverChecks(browser, db) {
  let base;
  await check('server: storyline serve --port 0 starts', async () => { base = await startServer(db); });
  if (!base) return null;
  let info;
  await check('server: the API answers', async () => { info = await explore(base); });
  if (!info) return null;
  const { context, page } = await newPage(browser);
  await check('server: GET / serves the web view', async () => {
    const r = await fetch(base + '/');
    assert(r.status === 200, 'status ' + r.status);
    assert(/text\/html/.test(r.headers.get('content-type') || ''), 'content type ' + r.headers.get('content-type'));
    assert((await r.text()).includes('id="app"'), 'not web/index.html');
  });
  await check('server: events list', async () => {
    await go(page, base + '/#/');
    const total = Number(await page.getByTestId('total').getAttribute('data-total'));
    assert(total === info.list.total, `total ${total}, API ${info.list.total}`);
    assert(await page.locator('.event-row').count() === Math.min(50, total), 'rows');
    await shot(page, 'list.png');
  });
  await check(`server: search "${info.word}"`, async () => {
    assert(info.word, 'no word to search for in the first label');
    await page.getByTestId('search-input').fill(info.word);
    await page.getByTestId('search-input').press('Enter');
    await page.waitForFunction(() => location.hash.includes('q='), null, { timeout: WAIT });
    await settled(page, 'ready');
    const total = Number(await page.getByTestId('total').getAttribute('data-total'));
    const api = (await getJSON(base + '/api/events?q=' + encodeURIComponent(info.word))).body.total;
    assert(total >= 1 && total === api, `search shows ${total}, API ${api}`);
    assert(await page.locator(`.event-row[data-id="${info.first.id}"]`).count() === 1, 'the event the word came from is not listed');
  });
  const ev = info.event;
  await check('server: open an event from the search results', async () => {
    const first = info.first;
    await follow(page, page.locator(`.event-row[data-id="${first.id}"] a.event-link`));
    assert(page.url().endsWith('#/event/' + encodeURIComponent(first.id)), 'went to ' + page.url());
    assert((await page.getByTestId('title').textContent()) === (first.label || first.id), 'label');
  });
  await check(`server: event ${ev.id} renders articles, groups, quotes`, async () => {
    await go(page, base + '/#/event/' + encodeURIComponent(ev.id));
    assert((await page.getByTestId('title').textContent()) === (ev.label || ev.id), 'label');
    assert(await page.locator('.article-row').count() === ev.articles.length, 'article rows');
    assert(await page.locator('.quote').count() === (ev.quotes || []).length, 'quotes');
    for (const role of ['duplicate', 'rewrite']) {
      const n = ev.articles.filter((a) => a.role === role).length;
      assert(await page.locator(`.article-row[data-role=${role}]`).count() === n, role + ' rows');
    }
    const links = await page.locator('a.compare-link').count();
    assert(links === ev.articles.length - 1 || links > 0, 'compare links: ' + links);
    await shot(page, 'event.png');
  });
  await check('server: quote drift on an event page, both wordings', async () => {
    const d = [...info.docs.values()].find((x) => (x.quote_drift || []).length);
    assert(d, 'no explored event has quote drift');
    await go(page, base + '/#/event/' + encodeURIComponent(d.id));
    const rows = await page.getByTestId('drift-item').count();
    assert(rows === d.quote_drift.length, `drift rows ${rows}, API ${d.quote_drift.length} (${d.id})`);
    const first = await page.getByTestId('drift-item').first().textContent();
    assert(first.includes(d.quote_drift[0].a) && first.includes(d.quote_drift[0].b), 'wordings: ' + first);
  });
  let comparedFrom = null;
  await check('server: compare view highlights aligned sentences', async () => {
    const grouped = page.locator('.article-row[data-role=rewrite] a.compare-link, .article-row[data-role=duplicate] a.compare-link');
    const link = (await grouped.count()) ? grouped : page.locator('a.compare-link');
    comparedFrom = page.url();
    await follow(page, link);
    assert(/#\/compare\?a=/.test(page.url()), 'not on a compare page: ' + page.url());
    const rel = await page.getByTestId('relation').textContent();
    assert(rel && rel !== 'unknown', 'no relation');
    await checkAligned(page);
    await shot(page, 'compare.png');
  });
  await check('server: shared quotes marked in a comparison', async () => {
    // the first linked pair (in the explored events) with shared quotes
    let found = null;
    for (const d of info.docs.values()) {
      if (!(d.quotes || []).some((q) => (q.articles || []).length > 1)) continue;
      for (const q of d.quotes) {
        const arts = q.articles || [];
        if (arts.length > 1) {
          const c = (await getJSON(`${base}/api/compare?a=${encodeURIComponent(arts[0])}&b=${encodeURIComponent(arts[1])}`)).body;
          if (((c.pair || {}).evidence || {}).shared_quotes && c.pair.evidence.shared_quotes.length) { found = [arts[0], arts[1]]; break; }
        }
      }
      if (found) break;
    }
    assert(found, 'no compared pair with pair.evidence.shared_quotes in the explored events');
    await go(page, `${base}/#/compare?a=${encodeURIComponent(found[0])}&b=${encodeURIComponent(found[1])}`);
    assert(await page.locator('#col-a mark').count() > 0 && await page.locator('#col-b mark').count() > 0,
      `shared quote of ${found[0]} / ${found[1]} not marked in both texts`);
  });
  await check('server: storyline timeline, oldest first', async () => {
    await go(page, base + '/#/event/' + encodeURIComponent(ev.id));
    await follow(page, page.getByTestId('storyline-link'));
    assert(await page.locator('.tl-item').count() >= 1, 'no events');
    await go(page, base + '/#/storyline/' + encodeURIComponent(info.storyline));
    const starts = await page.locator('.tl-item').evaluateAll((els) => els.map((e) => e.dataset.start));
    assert(starts.length >= 2, 'the largest storyline has ' + starts.length + ' event(s)');
    const dated = starts.filter(Boolean);
    assert(dated.every((s, i) => i === 0 || dated[i - 1] <= s), 'not oldest first: ' + dated.join(' '));
    assert(starts.indexOf('') < 0 || starts.slice(starts.indexOf('')).every((s) => !s), 'undated events before dated ones');
    await shot(page, 'storyline.png');
  });
  await check('server: article page with facts and relations', async () => {
    const withRel = ev.articles.find((a) => a.role !== 'independent') || ev.articles[0];
    await go(page, base + '/#/article/' + encodeURIComponent(withRel.id));
    const doc = (await getJSON(base + '/api/articles/' + encodeURIComponent(withRel.id))).body;
    assert(await page.getByTestId('facts').count() === 1, 'no facts');
    assert(await page.locator('table[data-testid=entities] tbody tr').count() === ((doc.facts || {}).entities || []).length, 'entities');
    assert(await page.locator('.relation-row').count() === (doc.relations || []).length, 'relations');
    if ((doc.relations || []).length) {
      await follow(page, page.locator('.relation-row a.compare-link'));
      assert(await page.locator('#col-a li.sent').count() > 0, 'compare from a relation');
    }
    await shot(page, 'article.png');
  });
  await check('server: an API error is shown', async () => {
    const api = await getJSON(base + '/api/events/e999999');
    assert(api.status === 404 && api.body.error, 'API: ' + JSON.stringify(api.body));
    await go(page, base + '/#/event/e999999', 'error');
    assert((await page.getByTestId('error').textContent()) === api.body.error, 'message differs from the API\'s');
  });
  await check('server: hostile article text is not executed', async () => {
    await go(page, base + '/#/article/xss-1');
    assert((await page.getByTestId('title').textContent()) === HOSTILE_TITLE, 'title altered');
    assert(await page.evaluate(() => window.__pwned === undefined), 'script ran');
    noProblems(page);
  });
  await context.close();
  return { base, info };
}

async function reportChecks(browser, db, seen) {
  const out = path.join(TMP, 'report.html');
  let ok = false;
  await check('report: storyline report writes one file', async () => {
    const r = run(['report', '--db', db, '-o', out]);
    assert(r.status === 0, `exit ${r.status}: ${r.stderr.trim()}`);
    assert(/^storyline: report: \d+ events, \d+ articles -> /m.test(r.stderr), 'summary: ' + r.stderr.trim());
    const html = fs.readFileSync(out, 'utf8');
    assert(html.split('</script>').length === 3, 'a "</script>" from the data is in the file');
    assert(!html.includes('\u2028') && !html.includes('<!-- <script>'), 'U+2028 or "<!--" left raw');
    note(`report: ${(html.length / 1e6).toFixed(1)} MB`);
    ok = true;
  });
  await check('report: -q is quiet, bad usage exits 2, a missing store exits 1', async () => {
    const q = run(['report', '-q', '--db', db, '-o', '-']);
    assert(q.status === 0 && q.stderr === '' && q.stdout.includes('window.SL_DATA='), 'quiet to stdout');
    assert(run(['report', '--db', db]).status === 2, 'no -o');
    const m = run(['report', '--db', path.join(TMP, 'none.db'), '-o', path.join(TMP, 'x.html')]);
    assert(m.status === 1 && /^storyline: /.test(m.stderr), `missing store: exit ${m.status} ${m.stderr.trim()}`);
    assert(!fs.existsSync(path.join(TMP, 'x.html')), 'file left behind');
  });
  if (!ok) return;
  const { context, page } = await newPage(browser, { offline: true });
  const outside = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:')) return route.continue();
    outside.push(u);
    return route.abort();
  });
  const url = pathToFileURL(out).href;
  await check('report: list, search and paging without a server', async () => {
    await go(page, url + '#/');
    if (seen) {
      const total = Number(await page.getByTestId('total').getAttribute('data-total'));
      assert(total === seen.info.list.total, `total ${total}, server ${seen.info.list.total}`);
      const w = seen.info.word;
      await go(page, url + '#/?q=' + encodeURIComponent(w));
      const n = Number(await page.getByTestId('total').getAttribute('data-total'));
      const api = (await getJSON(seen.base + '/api/events?q=' + encodeURIComponent(w))).body;
      assert(n === api.total, `search "${w}": report ${n}, server ${api.total}`);
      const ids = await page.locator('.event-row').evaluateAll((els) => els.map((e) => e.dataset.id));
      assert(ids.join() === api.events.map((e) => e.id).join(), 'search results differ from the server\'s');
      await go(page, url + '#/?from=2000-01-01&to=2030-01-01&limit=7&offset=3');
      const ids2 = await page.locator('.event-row').evaluateAll((els) => els.map((e) => e.dataset.id));
      const api2 = (await getJSON(seen.base + '/api/events?from=2000-01-01&to=2030-01-01&limit=7&offset=3')).body;
      assert(ids2.join() === api2.events.map((e) => e.id).join(), `date filter/paging: report ${ids2.join()} server ${api2.events.map((e) => e.id).join()}`);
    }
  });
  await check('report: event and every compare link it shows', async () => {
    const id = seen ? seen.info.event.id : (await page.locator('.event-row').first().getAttribute('data-id'));
    await go(page, url + '#/event/' + encodeURIComponent(id));
    assert(await page.locator('.article-row').count() > 0, 'no articles');
    const hrefs = await page.locator('a.compare-link').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    for (const h of hrefs) await go(page, url + h);
    await go(page, url + '#/event/' + encodeURIComponent(id));
    await shot(page, 'report-event.png');
  });
  await check('report: compare view from the event page', async () => {
    const grouped = page.locator('.article-row[data-role=rewrite] a.compare-link, .article-row[data-role=duplicate] a.compare-link');
    await follow(page, (await grouped.count()) ? grouped : page.locator('a.compare-link'));
    await checkAligned(page);
    await shot(page, 'report.png');
  });
  await check('report: storyline, article pages and their compare links', async () => {
    const sid = seen ? seen.info.storyline : null;
    if (sid) {
      await go(page, url + '#/storyline/' + encodeURIComponent(sid));
      assert(await page.locator('.tl-item').count() >= 2, 'timeline');
    }
    // every relation's compare link of the event's articles is in the report
    const ids = seen ? seen.info.event.articles.map((a) => a.id) : [];
    for (const id of ids) {
      await go(page, url + '#/article/' + encodeURIComponent(id));
      const hrefs = await page.locator('.relation-row a.compare-link').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
      for (const h of hrefs) await go(page, url + h);
    }
    await go(page, url + '#/article/xss-1');
    assert((await page.getByTestId('title').textContent()) === HOSTILE_TITLE, 'hostile title altered');
    assert(await page.evaluate(() => window.__pwned === undefined), 'script ran');
  });
  await check('report: no request leaves the file', async () => {
    assert(outside.length === 0, outside.slice(0, 3).join(' '));
    noProblems(page);
  });
  await context.close();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  try {
    await fixtureChecks(browser);

    const db = path.join(TMP, 'db');
    let built = false;
    await check('store: storyline add the ECB+ sample', async () => {
      const r = run(['add', '--db', db, SAMPLE]);
      assert(r.status === 0, `exit ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
      built = true;
    });
    await check('store: storyline add two hostile articles', async () => {
      const f = path.join(TMP, 'hostile.jsonl');
      const rec = (id, extra) => JSON.stringify({ id: id, title: HOSTILE_TITLE, source: '<b>Quuxton Gazette</b>', text: HOSTILE_TEXT + extra, published: '2020-05-05' });
      fs.writeFileSync(f, rec('xss-1', '') + '\n' + rec('xss-2', ' Copied.') + '\n');
      const r = run(['add', '--db', db, f]);
      assert(r.status === 0, `exit ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
    });
    if (!built) return;
    const seen = await serverChecks(browser, db);
    // the server stays up so that the report can be checked against it
    await reportChecks(browser, db, seen);
    if (server) {
      const proc = server;
      const exited = new Promise((res) => { if (proc.exitCode !== null) res(); else { proc.on('exit', res); setTimeout(res, 3000); } });
      proc.kill('SIGTERM');
      await exited;
    }
  } finally {
    await browser.close();
  }
}

main().then(() => {
  for (const l of log) console.log('# ' + l);
  console.log(`# screenshots: ${ARTEFACTS}`);
  process.exit(failures ? 1 : 0);
}, (e) => {
  console.log('not ok web: ' + (e && e.message ? e.message.split('\n')[0] : e));
  process.exit(1);
});
