// Drives code-server (VS Code 1.100 in the browser) with headless Chromium through
// playwright-core, on the editor fixture project with the kiln extension installed:
// a diagnostic squiggle and the Problems count, hover with a docstring, completion of a
// project var, go to definition, and Evaluate Top-Level Form's inline result (and its hover).
// Screenshots go to $ARTIFACTS. Exit status 0 only if every check passed.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const URL = process.env.CS_URL;
const ARTIFACTS = process.env.ARTIFACTS || path.join(__dirname, '..', 'e2e-artifacts');
const t0 = Date.now();
const lap = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
fs.mkdirSync(ARTIFACTS, { recursive: true });

async function gotoLine(page, line, col) {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${title}")`, { timeout: 15000 });
  await page.keyboard.press('Enter');
}

async function statusText(page, id) {
  return page.locator(`.statusbar-item[id="${id}"]`).first().innerText();
}

/** Texts of `after` decorations (rendered as ::after pseudo-elements). */
async function afterDecorations(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.monaco-editor .view-lines span')) {
      const c = getComputedStyle(el, '::after').content;
      if (c && c !== 'none' && c !== 'normal') out.push(c.replace(/^"|"$/g, ''));
    }
    return out;
  });
}

(async () => {
  const udd = fs.mkdtempSync(path.join(require('os').tmpdir(), 'kiln-chromium-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  let ok = false;
  const checks = {};
  try {
    await page.goto(URL);
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90000 });
    lap('workbench and explorer ready');
    // src/app/core.clj: expand the folders, then open the file.
    // The explorer shows `src/app` as one compact row.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().click();
    await page.waitForTimeout(300);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'core.clj' }).first().click();
    await page.waitForSelector('.monaco-editor .view-lines:has-text("defn")', { timeout: 30000 });
    await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'Clojure' }).waitFor({ timeout: 30000 });
    lap('core.clj open, language Clojure');

    // 1. Diagnostics: an error squiggle, and the Problems count in the status bar.
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 90000 });
    await page.waitForFunction(
      () => /\b2\b/.test(document.querySelector('.statusbar-item[id="status.problems"]')?.innerText ?? ''),
      null,
      { timeout: 30000 },
    );
    checks.problems = await statusText(page, 'status.problems');
    lap('squiggle; problems: ' + JSON.stringify(checks.problems));
    // The status bar item: running, index complete (no longer "indexing").
    await page.waitForFunction(
      () => [...document.querySelectorAll('.statusbar-item')].some((e) => e.innerText.trim() === 'kiln'),
      null,
      { timeout: 30000 },
    );
    checks.status = (await page.locator('.statusbar-item', { hasText: 'kiln' }).first().innerText()).trim();
    await page.screenshot({ path: path.join(ARTIFACTS, '1-diagnostics.png') });

    // 2. Hover over `greet` in `(u/greet s)` shows its docstring.
    await page.locator('.monaco-editor .view-lines').first().click();
    await gotoLine(page, 8, 23);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Returns a greeting' }).first();
    await hover.waitFor({ timeout: 30000 });
    checks.hover = await hover.innerText();
    lap('hover: ' + JSON.stringify(checks.hover.slice(0, 80)));
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, '2-hover.png') });
    await page.keyboard.press('Escape');

    // 3. Completion of a project var after an alias.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('(u/gre');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'u/greet' }).first();
    await item.waitFor({ timeout: 30000 });
    checks.completion = await item.innerText();
    lap('completion: ' + JSON.stringify(checks.completion));
    await page.screenshot({ path: path.join(ARTIFACTS, '3-completion.png') });
    await page.keyboard.press('Escape');
    // Undo the typing (the file stays as it was).
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');

    // 4. Go to definition moves to app/util.clj, line 4.
    await gotoLine(page, 8, 23);
    await page.keyboard.press('F12');
    await page.locator('.tab.active', { hasText: 'util.clj' }).waitFor({ timeout: 30000 });
    await page.waitForFunction(
      () => /Ln 4,/.test(document.querySelector('.statusbar-item[id="status.editor.selection"]')?.innerText ?? ''),
      null,
      { timeout: 15000 },
    );
    checks.definition = await statusText(page, 'status.editor.selection');
    lap('definition: util.clj ' + checks.definition);
    await page.screenshot({ path: path.join(ARTIFACTS, '4-definition.png') });

    // 5. Evaluate Top-Level Form on `(defn total …)` then `(def answer …)`: inline results.
    await page.locator('.tab', { hasText: 'core.clj' }).first().click();
    await page.waitForTimeout(300);
    await gotoLine(page, 10, 3);
    await runCommand(page, 'kiln: Evaluate Top-Level Form');
    await page.waitForFunction(async () => true);
    let decorations = [];
    for (let i = 0; i < 100 && !decorations.some((d) => d.includes("#'app.core/total")); i++) {
      await page.waitForTimeout(200);
      decorations = await afterDecorations(page);
    }
    await gotoLine(page, 13, 3);
    await runCommand(page, 'kiln: Evaluate Top-Level Form');
    for (let i = 0; i < 100 && !decorations.some((d) => d.includes("#'app.core/answer")); i++) {
      await page.waitForTimeout(200);
      decorations = await afterDecorations(page);
    }
    checks.inline = decorations;
    lap('inline results: ' + JSON.stringify(decorations));
    if (!decorations.includes("=> #'app.core/total") || !decorations.includes("=> #'app.core/answer")) {
      throw new Error('inline results missing: ' + JSON.stringify(decorations));
    }
    await page.screenshot({ path: path.join(ARTIFACTS, '5-eval.png') });

    // 6. Hovering the inline result shows the whole value.
    const box = await page.evaluate(() => {
      for (const el of document.querySelectorAll('.monaco-editor .view-lines span')) {
        if (getComputedStyle(el, '::after').content.includes("app.core/answer")) {
          const r = el.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
      }
      return null;
    });
    if (!box) throw new Error('no decorated span for the answer result');
    await page.mouse.move(box.x - 2, box.y);
    await page.mouse.move(box.x, box.y);
    const resultHover = page.locator('.monaco-hover:visible', { hasText: "#'app.core/answer" }).first();
    await resultHover.waitFor({ timeout: 15000 });
    checks.resultHover = await resultHover.innerText();
    lap('result hover: ' + JSON.stringify(checks.resultHover.slice(0, 80)));
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, '6-result-hover.png') });
    ok = true;
  } catch (e) {
    console.log('FAIL:', e.message);
    await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png') }).catch(() => {});
  } finally {
    fs.writeFileSync(path.join(ARTIFACTS, 'checks.json'), JSON.stringify(checks, null, 2));
    await ctx.close();
    fs.rmSync(udd, { recursive: true, force: true });
    lap(ok ? 'PASS' : 'FAIL');
    process.exit(ok ? 0 : 1);
  }
})();
