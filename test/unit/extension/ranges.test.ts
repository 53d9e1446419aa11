import assert from 'node:assert/strict';
import { firstLineOf, spanContainsOffset, spanToPlainRange } from '../../../src/extension/ranges';

const span = (sl: number, sc: number, el: number, ec: number) => ({ file: '/f.ts', startOffset: 10, endOffset: 20, start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('extension/ranges', () => {
  it('keeps a normal span as it is', () => {
    assert.deepEqual(spanToPlainRange(span(3, 4, 3, 12)), { start: { line: 3, character: 4 }, end: { line: 3, character: 12 } });
  });

  it('widens an empty or inverted span to one character so it stays visible', () => {
    assert.deepEqual(spanToPlainRange(span(3, 4, 3, 4)).end, { line: 3, character: 5 });
    assert.deepEqual(spanToPlainRange(span(3, 4, 2, 0)).end, { line: 3, character: 5 });
  });

  it('narrows a multi-line span to its first line', () => {
    assert.deepEqual(firstLineOf(span(2, 0, 9, 1), () => 15), { start: { line: 2, character: 0 }, end: { line: 2, character: 15 } });
  });

  it('contains its offsets inclusively', () => {
    assert.ok(spanContainsOffset(span(0, 0, 0, 1), 10));
    assert.ok(spanContainsOffset(span(0, 0, 0, 1), 20));
    assert.ok(!spanContainsOffset(span(0, 0, 0, 1), 21));
  });
});
