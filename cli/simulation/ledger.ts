import { servedCounties } from '../../shared/config/region-config';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { ElderCategory } from '../../shared/domain/elder/categories';
import type { ElderRegistrationInput } from '../../shared/domain/elder/registration';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { ageOn } from '../../shared/domain/elder/age';
import type { Person } from '../../shared/domain/people/person';
import { addDays } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';
import { Random } from './random';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '欧阳'];
const GIVEN = ['秀英', '桂英', '玉兰', '淑珍', '建国', '国华', '德明', '志强', '明', '芳', '桂芝', '凤英', '长福', '永生', '金花', '春生', '华', '翠兰', '守义', '文'];
const TOWNSHIPS = ['东风街道', '双桥镇', '青龙街道', '龙潭镇', '白莲池街道'];
const VILLAGES = ['槐树店社区', '天鹅村', '跳蹬河社区', '建设村', '桃园村', '光明社区', '石羊村', '新华社区', '保和村', '万年村', '府青社区', '杉板桥村'];
const MOBILE_PREFIXES = ['138', '139', '135', '186', '150', '177', '199'];

/**
 * The category mix (DOMAIN.md, seven categories; an elder may have several). Weights are a
 * plausible county mix, not a statistic: empty-nest and left-behind elders are the most common,
 * solitary childless (孤寡) and family-planning special families the rarest.
 */
const CATEGORY_WEIGHTS: readonly (readonly [ElderCategory, number])[] = [
  ['empty_nest', 30],
  ['left_behind', 18],
  ['living_alone', 20],
  ['disabled', 14],
  ['severe_disability', 6],
  ['solitary_childless', 7],
  ['family_planning_special', 5],
];

export interface SyntheticLedger {
  registrations: ElderRegistrationInput[];
  people: Person[];
  townships: Map<string, string>;
  villages: Map<string, string>;
}

/** A valid ID number not yet given to anyone in this ledger (one person, one number). */
function residentId(r: Random, county: string, birth: LocalDate, male: boolean, used: Set<string>): string {
  const start = r.int(0, 499);
  for (let k = 0; k < 500; k++) {
    const n = (start + k) % 500;
    const body = `${county}${birth.replaceAll('-', '')}${String(Math.floor(n / 5)).padStart(2, '0')}${(n % 5) * 2 + (male ? 1 : 0)}`;
    const id = `${body}${residentIdCheckChar(body)}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
  throw new Error(`more than 500 ${male ? 'men' : 'women'} born on ${birth} in ${county}: the synthetic ledger is too large`);
}

/**
 * Everyone is 60 (the policies' minimum age) half a year before `asOf` already, so the ledger
 * registers whenever it is loaded in that time (the local runner enters each elder on the day
 * their consent was recorded). No draw is added: the rest of the ledger stays as the seed made it.
 */
function oldEnough(birthDate: LocalDate, asOf: LocalDate): LocalDate {
  let born = birthDate;
  while (ageOn(born, addDays(asOf, -200)) < 60) born = `${Number(born.slice(0, 4)) - 1}${born.slice(4) === '-02-29' ? '-02-28' : born.slice(4)}`;
  return born;
}

function mobile(r: Random): string {
  return `${r.pick(MOBILE_PREFIXES)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
}

function name(r: Random): string {
  return `${r.pick(SURNAMES)}${r.pick(GIVEN)}`;
}

/**
 * A realistic, reproducible ledger: townships and villages of one county, two visitors per
 * village (one without a phone, to show undeliverable SMS), a liaison per village, an instructor
 * per township, a county supervisor, and elders with the category mix above.
 */
export function syntheticLedger(options: { runtime: RegionRuntime; seed: number; elders: number; asOf: LocalDate }): SyntheticLedger {
  const r = new Random(options.seed);
  // The first county the deployment serves (its own area, or the first listed for a city).
  const county = servedCounties(options.runtime.config)[0]!;
  const townshipCount = Math.max(3, Math.min(TOWNSHIPS.length, Math.ceil(options.elders / 150)));
  const townships = new Map<string, string>();
  const villages = new Map<string, string>();
  const people: Person[] = [{ personId: 'sup-county', name: name(r), roles: ['supervisor'], areaCode: county, phone: `+86${mobile(r)}`, active: true }];
  let v = 0;
  for (let t = 0; t < townshipCount; t++) {
    const township = `${county}${String(t + 1).padStart(3, '0')}`;
    townships.set(township, TOWNSHIPS[t]!);
    people.push({ personId: `ins-${township}`, name: name(r), roles: ['instructor'], areaCode: township, phone: `+86${mobile(r)}`, active: true });
    const perTownship = Math.max(4, Math.ceil(options.elders / 60 / townshipCount));
    for (let k = 0; k < perTownship; k++, v++) {
      const village = `${township}${String(k + 1).padStart(3, '0')}`;
      villages.set(village, `${VILLAGES[v % VILLAGES.length]}${v >= VILLAGES.length ? Math.floor(v / VILLAGES.length) + 1 : ''}`);
      people.push({ personId: `lia-${village}`, name: name(r), roles: ['liaison'], areaCode: village, phone: `+86${mobile(r)}`, active: true });
      for (let n = 1; n <= 2; n++) {
        const noPhone = v === 0 && n === 2;
        people.push({ personId: `vis-${village}-${n}`, name: name(r), roles: ['visitor'], areaCode: village, ...(noPhone ? {} : { phone: `+86${mobile(r)}` }), active: true });
      }
    }
  }
  const villageCodes = [...villages.keys()];
  const registrations: ElderRegistrationInput[] = [];
  const usedIds = new Set<string>();
  for (let i = 0; i < options.elders; i++) registrations.push(elder(r, i, county, villageCodes, villages, options.asOf, usedIds));
  return { registrations, people, townships, villages };
}

function elder(r: Random, i: number, county: string, villageCodes: string[], villages: Map<string, string>, asOf: LocalDate, usedIds: Set<string>): ElderRegistrationInput {
  const village = r.pick(villageCodes);
  const male = r.chance(0.45);
  const age = r.weighted([
    [r.int(60, 69), 35],
    [r.int(70, 79), 35],
    [r.int(80, 89), 24],
    [r.int(90, 100), 6],
  ] as const);
  const birthDate = oldEnough(addDays(`${Number(asOf.slice(0, 4)) - age}-01-01`, r.int(0, 364)), asOf);
  const categories = new Set<ElderCategory>([r.weighted(CATEGORY_WEIGHTS)]);
  if (r.chance(0.2)) categories.add(r.weighted(CATEGORY_WEIGHTS));
  if (categories.has('solitary_childless')) categories.delete('empty_nest');
  const disabled = categories.has('disabled');
  const severe = categories.has('severe_disability');
  const abilityLevel = disabled
    ? r.weighted([
        ['mild', 40],
        ['moderate', 35],
        ['severe', 18],
        ['complete', 7],
      ] as const)
    : r.chance(0.5)
      ? 'intact'
      : undefined;
  const grade = severe ? r.int(1, 2) : r.chance(0.05) ? r.int(3, 4) : undefined;
  const hasChildren = !categories.has('solitary_childless');
  const idNumber = residentId(r, county, birthDate, male, usedIds);
  const visitor = r.chance(0.01) ? undefined : `vis-${village}-${r.int(1, 2)}`;
  const villageName = villages.get(village)!;
  return {
    id: `E${String(i + 1).padStart(6, '0')}`,
    name: name(r),
    sex: male ? 'male' : 'female',
    residentId: idNumber,
    phones: r.chance(0.7) ? [mobile(r)] : [],
    household: { areaCode: village, address: `${villageName}${r.int(1, 12)}组${r.int(1, 80)}号` },
    residence: { areaCode: village, areaName: villageName, address: `${villageName}${r.int(1, 12)}组${r.int(1, 80)}号` },
    livesAtRegisteredAddress: true,
    categories: [...categories],
    ...(abilityLevel ? { abilityLevel } : {}),
    ...(grade ? { disability: { grade, certificateNumber: `${idNumber}${r.int(1, 7)}${grade}` } } : {}),
    bedridden: abilityLevel === undefined && r.chance(0.05),
    dementia: r.chance(0.03),
    mobilityImpaired: abilityLevel === undefined && r.chance(0.08),
    economic: {
      status: r.weighted([
        ['none', 60],
        ['subsistence', 25],
        ['near_subsistence', 10],
        ['extreme_poverty', 5],
      ] as const),
    },
    householdMembers: [],
    livingConditions: { safeDrinkingWater: true, electricity: true, safeHousing: r.chance(0.97) },
    emergencyContacts: [{ name: name(r), relation: hasChildren ? '子女' : '邻居', phone: mobile(r) }],
    hasChildren,
    firstVisitContacts: hasChildren ? [{ name: name(r), relation: 'child', phone: mobile(r), livesInSameTownship: r.chance(0.4) }] : [{ name: name(r), relation: 'township_designated', phone: mobile(r) }],
    consent: { visits: true, homeVisits: true, recordedOn: addDays(asOf, -r.int(30, 180)) },
    ...(visitor ? { visitorId: visitor } : {}),
    status: { state: 'active', since: addDays(asOf, -r.int(30, 365)) },
  };
}
