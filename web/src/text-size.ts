import { ref } from 'vue';

/** 大字模式: many visitors are older volunteers. Kept on the phone (not personal data). */
const KEY = 'tanfang.largeText';
export const largeText = ref(localStorage.getItem(KEY) === '1');

export function applyTextSize(): void {
  document.documentElement.classList.toggle('large-text', largeText.value);
}

export function setLargeText(on: boolean): void {
  largeText.value = on;
  localStorage.setItem(KEY, on ? '1' : '0');
  applyTextSize();
}
