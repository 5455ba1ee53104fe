// Unit tests for how evaluation results are shown inline, on hover and in the output channel.
const test = require('node:test');
const assert = require('node:assert');
const { oneLine, inlineText, hoverMarkdown, channelLines } = require('../../dist/results.js');

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
const ok = (value, extra = {}) => ({ value, out: '', err: '', error: null, range, truncated: null, ...extra });

test('values are one line and capped', () => {
  assert.strictEqual(oneLine('{:a 1,\n :b 2}', 100), '{:a 1, :b 2}');
  assert.strictEqual(oneLine('x'.repeat(10), 5), 'xxxx…');
  assert.deepStrictEqual(inlineText(ok('6')), { text: '=> 6', isError: false });
  assert.deepStrictEqual(inlineText(ok(null)), { text: '=> nil', isError: false });
});

test('errors are marked', () => {
  const r = { ...ok(null), error: { message: 'java.lang.ArithmeticException: Divide by zero', range } };
  assert.deepStrictEqual(inlineText(r), { text: '✗ java.lang.ArithmeticException: Divide by zero', isError: true });
  assert.match(hoverMarkdown(r), /\*\*Error\*\*/);
});

test('the hover shows the full value and the output', () => {
  const md = hoverMarkdown(ok('(0 1 2 …', { out: 'hi\n', truncated: 3 }), '(0 1 2 3 4)');
  assert.match(md, /\(0 1 2 3 4\)/);
  assert.match(md, /\*out\*\n```\nhi/);
});

test('the output channel gets the code, output and value', () => {
  assert.deepStrictEqual(channelLines('(+ 1\n 2)', ok('3', { out: 'x\n' })), [';; (+ 1 2)', 'x', '=> 3']);
});
