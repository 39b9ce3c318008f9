/** Small pieces every printable page shares: escaping (every value is the caller's text), check boxes, A4 print CSS. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** □ / ☑ followed by the label, as the paper forms print their options. */
export function box(checked: boolean, label: string): string {
  return `<span class="opt">${checked ? '☑' : '☐'}${esc(label)}</span>`;
}

export function options<T extends string>(value: T | undefined, labels: Record<T, string>): string {
  return (Object.keys(labels) as T[]).map((k) => box(k === value, labels[k])).join(' ');
}

export const yesNo = (v: boolean | undefined) => `${box(v === true, '是')} ${box(v === false, '否')}`;

/** Chinese office fonts first; the page prints on A4 with the form's margins. */
export const PRINT_CSS = `
@page { size: A4; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Hans", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #000; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 4mm 0 2mm; letter-spacing: 1pt; }
h2 { font-size: 12pt; margin: 4mm 0 1mm; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #f2f2f2; font-weight: normal; white-space: nowrap; width: 1%; }
.section { background: #e6e6e6; font-weight: bold; text-align: left; }
.opt { white-space: nowrap; margin-right: 2mm; }
.note { font-size: 8.5pt; color: #333; }
.form { page-break-before: always; }
.form:first-of-type { page-break-before: auto; }
@media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 6mm; } }
`;
