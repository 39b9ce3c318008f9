import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressOn } from '../../../cli/progress';

function stderr() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (c) => lines.push(...String(c).split('\n').filter(Boolean)));
  return { stream, lines };
}

describe('Function: progressOn', () => {
  it('writes a line per step and a counter at most every 500 items, and always the last', () => {
    const { stream, lines } = stderr();
    const progress = progressOn(stream, false, 'saved');
    progress.step('台账.xlsx: 1200 rows read');
    for (const done of [100, 200, 600, 700, 1150, 1200]) progress.count(done, 1200);
    expect(lines).toEqual(['  台账.xlsx: 1200 rows read', '  saved 100 / 1200', '  saved 600 / 1200', '  saved 1150 / 1200', '  saved 1200 / 1200']);
  });

  it('says nothing with --quiet', () => {
    const { stream, lines } = stderr();
    const progress = progressOn(stream, true);
    progress.step('reading');
    progress.count(10, 10);
    expect(lines).toEqual([]);
  });
});
