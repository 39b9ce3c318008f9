import { ALERT_EVENT_NAMES, ALERT_EVENTS, ALERT_LEVEL_NAMES, ALERT_LEVELS } from './alert';
import type { AlertEvent, AlertLevel } from './alert';

/** The words and codes a CAP warning names its event and colour with. */
/**
 * Event codes that China's national early-warning release system (国家突发事件预警信息发布系统)
 * puts on its warnings: the national classification of emergencies (突发事件分类与编码, which we
 * take to be GB/T 35561-2017; 11B = meteorological disasters). Any other 11B code, e.g. 11B20
 * 雷雨大风, is a type outside the 14 signals.
 *
 * We found no public copy of the standard's table; these public sources agree with each other:
 * - github.com/phx13/CMAPlatform (a CMA warning dashboard): CMAPlatform.Chart/Converter/
 *   RiskDictionaryConverter.cs and CMAPlatform.Chart/Window/ComprehenSiveWindow.xaml.cs list
 *   exactly these 14 codes and names;
 * - a Python warning-push tool's `_WEATHER_11B_BASE_TO_EMOJI` (the same 14, plus 11B20 雷雨大风)
 *   and the MIUI 预警中心 app's icon table (agreeing where seen); repositories not identified;
 * - a Henan provincial message in the national system's own format carrying
 *   `<eventType>11B06</eventType>` with the headline 大风蓝色预警.
 * Feeds without these codes are read by the Chinese or English name in <event>.
 */
export const NATIONAL_EVENT_CODES: Readonly<Record<string, AlertEvent>> = {
  '11B01': 'typhoon',
  '11B03': 'rainstorm',
  '11B04': 'blizzard',
  '11B05': 'cold_wave',
  '11B06': 'gale',
  '11B07': 'sandstorm',
  '11B09': 'heat',
  '11B14': 'lightning',
  '11B15': 'hail',
  '11B16': 'frost',
  '11B17': 'fog',
  '11B19': 'haze',
  '11B21': 'icy_road',
  '11B22': 'drought',
};

/** English names a translated feed may use ("Heat Wave"), lower case, without colour and "warning"/"signal". */
export const ENGLISH_NAMES: Readonly<Record<string, AlertEvent>> = {
  typhoon: 'typhoon',
  'tropical cyclone': 'typhoon',
  rainstorm: 'rainstorm',
  'heavy rain': 'rainstorm',
  'torrential rain': 'rainstorm',
  blizzard: 'blizzard',
  snowstorm: 'blizzard',
  'heavy snow': 'blizzard',
  'cold wave': 'cold_wave',
  gale: 'gale',
  'strong wind': 'gale',
  'high wind': 'gale',
  sandstorm: 'sandstorm',
  'sand storm': 'sandstorm',
  'dust storm': 'sandstorm',
  'sand and dust storm': 'sandstorm',
  heat: 'heat',
  'heat wave': 'heat',
  heatwave: 'heat',
  'high temperature': 'heat',
  'extreme heat': 'heat',
  drought: 'drought',
  lightning: 'lightning',
  thunder: 'lightning',
  'thunder and lightning': 'lightning',
  hail: 'hail',
  frost: 'frost',
  fog: 'fog',
  'heavy fog': 'fog',
  'dense fog': 'fog',
  haze: 'haze',
  'icy road': 'icy_road',
  'road icing': 'icy_road',
};

export const CHINESE_NAMES = new Map<string, AlertEvent>((Object.entries(ALERT_EVENT_NAMES) as [AlertEvent, string][]).map(([event, name]) => [name, event]));

/** Names longest first, so 沙尘暴 is tried before shorter names it might contain. */
export const CHINESE_BY_LENGTH = [...CHINESE_NAMES.keys()].sort((a, b) => b.length - a.length);

/**
 * Local and marine signals whose names contain a national one (雷雨大风 contains 大风). A headline
 * naming one of them is not read as the national signal.
 */
export const LOCAL_COMPOUNDS = ['雷雨大风', '雷暴大风', '海上', '海区'];

/** CAP <severity> → colour. The national profile sometimes writes the colour itself (Blue…Red). */
export const SEVERITY_LEVEL: Readonly<Record<string, AlertLevel>> = {
  minor: 'blue',
  moderate: 'yellow',
  severe: 'orange',
  extreme: 'red',
  blue: 'blue',
  yellow: 'yellow',
  orange: 'orange',
  red: 'red',
};

export const COLOUR_WORDS = new RegExp(`(${ALERT_LEVELS.map((l) => ALERT_LEVEL_NAMES[l]).join('|')})|\\b(${ALERT_LEVELS.join('|')})\\b`, 'gi');

export const KNOWN_EVENTS = ALERT_EVENTS.map((e) => `${e} (${ALERT_EVENT_NAMES[e]})`).join(', ');
export const KNOWN_CODES = Object.entries(NATIONAL_EVENT_CODES)
  .map(([code, e]) => `${code} ${ALERT_EVENT_NAMES[e]}`)
  .join(', ');
