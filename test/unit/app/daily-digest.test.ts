import { describe, expect, it } from 'vitest';
import { mergeDailyDigest } from '../../../shared/app/daily-digest';
import type { DailyDigest } from '../../../shared/app/daily-digest';
import { InMemoryOutbox } from '../../fakes/in-memory-outbox';
import { smsMessage } from '../../helpers/sms';

const AT = '2026-11-01T06:00:00+08:00';
const digest = (phone: string | undefined): DailyDigest => ({
  messageId: 'assign#vis-1#2026-11-01',
  recipientId: 'vis-1',
  phone,
  createdAt: AT,
  sendAfter: '2026-11-01T08:00:00+08:00',
  render: ({ count }) => {
    const { kind, template, params, text, segments } = smsMessage('x', 'assignment_digest');
    return { kind, template, params: { ...params, count: String(count) }, text, segments };
  },
});
const task = (ref: string) => ({ ref, home: true, due: '2026-11-30T23:59:59+08:00' });

describe('A visitor’s daily digest merged page by page', () => {
  it('keeps gathering tasks into the digest of a visitor with no phone, and never offers it for sending', async () => {
    const outbox = new InMemoryOutbox();
    expect((await mergeDailyDigest(outbox, digest(undefined), [task('E1#a')])).outcome).toBe('queued');
    expect((await mergeDailyDigest(outbox, digest(undefined), [task('E2#a')])).outcome).toBe('merged');
    expect(await outbox.get('assign#vis-1#2026-11-01')).toMatchObject({ state: 'undeliverable', taskRefs: ['E1#a', 'E2#a'], params: { count: '2' } });
    expect(await outbox.listReady('2026-11-01T23:00:00+08:00', 10)).toHaveLength(0);
  });

  it('keeps the number a first page found when a later page finds none (the roster changed mid-run)', async () => {
    const outbox = new InMemoryOutbox();
    await mergeDailyDigest(outbox, digest('+8613800000001'), [task('E1#a')]);
    await mergeDailyDigest(outbox, digest(undefined), [task('E2#a')]);
    expect(await outbox.get('assign#vis-1#2026-11-01')).toMatchObject({ state: 'pending', phone: '+8613800000001', taskRefs: ['E1#a', 'E2#a'] });
  });

  it('leaves a digest already taken for sending as it is: the new tasks are in the app', async () => {
    const outbox = new InMemoryOutbox();
    await mergeDailyDigest(outbox, digest('+8613800000001'), [task('E1#a')]);
    await outbox.claim('assign#vis-1#2026-11-01');
    expect((await mergeDailyDigest(outbox, digest('+8613800000001'), [task('E2#a')])).outcome).toBe('closed');
    expect((await outbox.get('assign#vis-1#2026-11-01'))?.taskRefs).toEqual(['E1#a']);
  });
});
