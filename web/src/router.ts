import { createRouter, createWebHashHistory } from 'vue-router';
import { api, ApiError } from './api/client';
import type { Me } from './api/types';
import { homeOf, session } from './auth/session';

const ME = 'tanfang.me';

/** Every screen is its own chunk: a visitor's first screen loads only the task list. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => (session.me ? homeOf(session.me) : '/sign-in') },
    { path: '/sign-in', component: () => import('./screens/SignIn.vue'), meta: { title: '登录', public: true } },
    { path: '/tasks', component: () => import('./screens/Tasks.vue'), meta: { title: '我的探访任务' } },
    { path: '/tasks/:elderId/:taskId', component: () => import('./screens/ElderCard.vue'), meta: { title: '老人信息', back: true } },
    { path: '/visit/:elderId/:taskId', component: () => import('./screens/VisitRecord.vue'), meta: { title: '探访关爱服务记录', back: true } },
    { path: '/queue', component: () => import('./screens/Queue.vue'), meta: { title: '待发送的记录' } },
    { path: '/inbox', component: () => import('./screens/Inbox.vue'), meta: { title: '逾期督办' } },
    { path: '/reviews', component: () => import('./screens/Reviews.vue'), meta: { title: '存疑探访核查' } },
    { path: '/rates', component: () => import('./screens/Rates.vue'), meta: { title: '探访率' } },
    { path: '/admin/ledger', component: () => import('./screens/LedgerUpload.vue'), meta: { title: '导入台账' } },
    { path: '/admin/people', component: () => import('./screens/People.vue'), meta: { title: '人员名册' } },
    { path: '/admin/warning', component: () => import('./screens/Warning.vue'), meta: { title: '发布预警' } },
  ],
});

/** Who is signed in: asked once per tab, remembered for offline use. */
async function loadMe(): Promise<Me | undefined> {
  try {
    const me = await api<Me>('GET', '/me');
    sessionStorage.setItem(ME, JSON.stringify(me));
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) {
      const cached = sessionStorage.getItem(ME);
      return cached ? (JSON.parse(cached) as Me) : undefined;
    }
    return undefined;
  }
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.token) return { path: '/sign-in' };
  session.me ??= await loadMe();
  return session.me ? true : { path: '/sign-in' };
});
