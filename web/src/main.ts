import { createApp } from 'vue';
import 'vant/lib/index.css';
import './app.css';
import App from './App.vue';
import { setApiBase } from './api/client';
import { router } from './router';
import { applyTextSize } from './text-size';

/** In AWS the deployment writes /app-config.json with the API's address; locally the API is this origin. */
async function readAppConfig(): Promise<void> {
  try {
    const res = await fetch('/app-config.json', { cache: 'no-cache' });
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && type.includes('json')) {
      const config = (await res.json()) as { apiBase?: unknown };
      if (typeof config.apiBase === 'string') setApiBase(config.apiBase);
    }
  } catch {
    // Offline or absent: the same origin.
  }
}

applyTextSize();
void readAppConfig().then(() => createApp(App).use(router).mount('#app'));
