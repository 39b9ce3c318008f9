import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv, readCsv } from '../../../../shared/adapters/ledger-files/read-csv';

/** Every two-byte GBK code: lead 0x81–0xFE, trail 0x40–0xFE without 0x7F. */
function* gbkCodes(): Generator<Buffer> {
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) yield Buffer.from([lead, trail]);
}

const PRIVATE_USE = /^[\ue000-\uf8ff]$/u;
/** 你 in GBK: bytes that are not UTF-8, so the reader takes the whole buffer as GBK. */
const NOT_UTF8 = Buffer.from([0xc4, 0xe3]);
const gbkOf = (code: Buffer) => decodeCsv(Buffer.concat([NOT_UTF8, code])).slice(1);

describe("GBK ledgers decoded by Node's own TextDecoder (no iconv-lite in the bundles)", () => {
  it('reads a GBK CSV as Excel in China saves it: headers, names and addresses', () => {
    const text = '姓名,公民身份号码,户籍地址\r\n张三,510108194501011234,四川省成都市成华区猛追湾街道\r\n';
    const sheet = readCsv(iconv.encode(text, 'gbk'));
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['姓名', '公民身份号码', '户籍地址'],
      ['张三', '510108194501011234', '四川省成都市成华区猛追湾街道'],
    ]);
  });

  it('agrees with iconv-lite on every two-byte GBK code but private-use positions that GB18030-2022 remapped', () => {
    // ICU 78.2 (Node 20 here) decodes those positions as GB18030-2005 (83 of them give private-use
    // code points); ICU 78.3 (Node 24, as on Lambda) as GB18030-2022 (18 differ, where iconv-lite
    // keeps private use). Either way a difference is always a private-use code point on one side.
    const differ: string[] = [];
    let codes = 0;
    for (const code of gbkCodes()) {
      codes++;
      const ours = gbkOf(code);
      const theirs = iconv.decode(code, 'gbk');
      if (ours !== theirs) {
        expect(PRIVATE_USE.test(ours) || PRIVATE_USE.test(theirs), code.toString('hex')).toBe(true);
        differ.push(code.toString('hex'));
      }
    }
    expect(codes).toBe(23_940);
    // Only in the GB18030 remapped rows (A2, A3, A6, A8, A9, FE), never in the GB2312 hanzi rows.
    expect(
      differ.every((c) => /^(a2|a3|a6|a8|a9|fe)/.test(c)),
      differ.join(' '),
    ).toBe(true);
    expect(differ.length).toBeLessThanOrEqual(83);
  });

  it('keeps every character of GB2312 (the ordinary Chinese of names and addresses) exact', () => {
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        const code = Buffer.from([lead, trail]);
        expect(gbkOf(code)).toBe(iconv.decode(code, 'gbk'));
      }
    }
  });

  it('prefers UTF-8 when the bytes are valid UTF-8, with or without a BOM', () => {
    expect(decodeCsv(Buffer.from('姓名\r\n', 'utf8'))).toBe('姓名\r\n');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名', 'utf8')]))).toBe('姓名');
  });
});
