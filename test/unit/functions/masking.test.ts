import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskText, MaskingLogFormatter } from '../../../functions/shared/masking-formatter';

describe('log masking', () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks ID numbers and mobile numbers, and leaves ids, dates and counts alone', () => {
    expect(maskText('residentId 51010819461123002X is bad')).toBe('residentId 510108*********X is bad');
    expect(maskText('51010819461123002X')).not.toContain('19461123');
    expect(maskText('call +8613812345678 or 13812345678')).toBe('call +86138****5678 or 138****5678');
    expect(maskText('task E000123#2026-11#1 due 2026-11-30T23:59:59+08:00, 12 tasks')).toBe('task E000123#2026-11#1 due 2026-11-30T23:59:59+08:00, 12 tasks');
    expect(maskText('elder E0a1b2c3d4e5f60718293a')).toBe('elder E0a1b2c3d4e5f60718293a');
  });

  it('masks every attribute a Powertools logger writes, errors included', () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    for (const level of ['log', 'info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    const logger = new Logger({ serviceName: 't', logLevel: 'INFO', logFormatter: new MaskingLogFormatter() });
    logger.error('visit record is invalid: phones.0: 13812345678 is not a number', { input: { residentId: '51010819461123002X', nested: ['+8613900001111'] }, error: new Error('bad 51010819461123002X') });
    const out = lines.join('');
    expect(out).toContain('visit record is invalid');
    expect(out).not.toMatch(/13812345678|13900001111|19461123002X/);
  });
});
