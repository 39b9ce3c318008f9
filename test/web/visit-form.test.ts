// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import VisitForm from '../../web/src/visit/VisitForm.vue';
import type { VisitForm as Form } from '../../web/src/api/types';
import { visitFormSchema } from '../../shared/domain/visit/visit-form';

const task = { elderId: 'E000032', taskId: '2026-11-H2#1', methods: ['home', 'phone'], homeRequired: true };
const at = new Date('2026-11-20T02:00:00Z');

function form(overrides: { locate?: () => Promise<{ lat: number; lng: number; accuracyMeters: number }> } = {}) {
  let clock = at.getTime();
  return mount(VisitForm, {
    props: { task, visitorId: 'vis-1', visitId: 'v-test-1', now: () => new Date((clock += 20 * 60_000)), locate: overrides.locate ?? (async () => ({ lat: 30.66, lng: 104.1, accuracyMeters: 18.4 })) },
  });
}

const click = async (w: ReturnType<typeof form>, test: string) => {
  await w.find(`[data-test="${test}"]`).trigger('click');
  await flushPromises();
};
const submit = async (w: ReturnType<typeof form>) => {
  await w.find('form').trigger('submit');
  await flushPromises();
};

describe('the visit record form (探访关爱服务记录表)', () => {
  it('refuses a home visit saved without checking in, and without the visitor signing', async () => {
    const w = form();
    await submit(w);
    expect(w.emitted('submit')).toBeUndefined();
    expect(w.text()).toContain('上门入户请先点“到达打卡”');
    expect(w.text()).toContain('请探访人员确认签字');
  });

  it('asks for the disease name when the illness is marked serious, in Chinese, under the field', async () => {
    const w = form();
    await click(w, 'check-in');
    await click(w, 'signed-visitor');
    await click(w, 'illness-serious');
    await submit(w);
    expect(w.emitted('submit')).toBeUndefined();
    expect(w.text()).toContain('病情严重时请填写疾病名称');
    await w.find('[data-test="disease"] input').setValue('脑梗');
    await submit(w);
    expect((w.emitted('submit')![0]![0] as Form).health.illness).toEqual({ status: 'serious', disease: '脑梗' });
  });

  it('records how many people joined when the household grew', async () => {
    const w = form();
    await click(w, 'check-in');
    await click(w, 'signed-visitor');
    await click(w, 'household-increase');
    await submit(w);
    expect((w.emitted('submit')![0]![0] as Form).household).toEqual({ change: 'increase', count: 1 });
  });

  it('saves a complete home visit the API schema accepts: check-in, check-out, location with accuracy, a need answered by a measure', async () => {
    const w = form();
    await click(w, 'check-in');
    expect(w.find('[data-test="location"]').text()).toContain('±18');
    await click(w, 'check-out');
    await click(w, 'signed-visitor');
    await click(w, 'add-need');
    await w.find('[data-test="need-0"] input').setValue('助浴');
    await w.find('[data-test="measure-0"] input').setValue('转介上门助浴');
    await submit(w);
    const saved = w.emitted('submit')![0]![0] as Form;
    expect(visitFormSchema.safeParse(saved).success).toBe(true);
    expect(saved).toMatchObject({ visitId: 'v-test-1', method: 'home', checkIn: '2026-11-20T10:20:00+08:00', checkOut: '2026-11-20T10:40:00+08:00', location: { lat: 30.66, lng: 104.1, accuracyMeters: 18 } });
    expect(saved.measures).toEqual([{ needId: 'n1', description: '转介上门助浴', status: 'in_progress' }]);
  });

  it('names a need left empty, and warns that a need without a measure opens a follow-up', async () => {
    const w = form();
    await click(w, 'check-in');
    await click(w, 'signed-visitor');
    await click(w, 'add-need');
    expect(w.text()).toContain('未填写措施的需求将生成跟踪回访任务');
    await submit(w);
    expect(w.emitted('submit')).toBeUndefined();
    expect(w.text()).toContain('请填写需求内容（1–200字）');
  });

  it('still saves when the phone cannot tell where it is, saying so', async () => {
    const w = form({ locate: async () => Promise.reject(new Error('未允许定位')) });
    await click(w, 'check-in');
    expect(w.text()).toContain('无法定位（未允许定位）');
    await click(w, 'signed-visitor');
    await submit(w);
    expect((w.emitted('submit')![0]![0] as Form).location).toBeUndefined();
  });
});
