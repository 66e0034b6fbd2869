/**
 * Physical features news names as places: oceans and seas (with their gulfs, bays and straits),
 * rivers, mountains and ranges, lakes, islands and deserts. No package on the npm registry gives
 * their English names with a point each (Natural Earth's physical layers ship there only as
 * polygons without usable names, or not at all), so this is a short list of the best-known
 * ones worldwide, with a rough middle of each on the map (degrees, one decimal). A name that is
 * also a country, a division or a town ("Congo", "Jordan", "Mississippi", "Victoria") is listed
 * only in a form that says it is the feature ("Congo River", "Lake Victoria").
 */
export type FeatureKind = 'sea' | 'river' | 'mountain' | 'lake' | 'island' | 'desert';

export interface Feature {
  kind: FeatureKind;
  name: string;
  /** Other forms news writes it in ("the Alps": "Alps"; a river as "Danube River", "River Danube"). */
  aliases: string[];
  lat: number;
  lon: number;
  /**
   * A short name that means the feature only in a story that names one of these countries ("the
   * Channel" beside the UK or France; elsewhere a television channel's word).
   */
  inContext?: { name: string; countries: string[] };
}

type Row = [name: string, lat: number, lon: number, aliases?: string[]];

// Rivers: the bare name, and "<name> River" and "River <name>" added for each.
const RIVERS: Row[] = [
  ['Danube', 45.2, 29.0],
  ['Rhine', 50.4, 7.6],
  ['Nile', 26.0, 32.5],
  ['Volga', 51.0, 46.0],
  ['Thames', 51.5, -0.5],
  ['Seine', 49.0, 1.5],
  ['Elbe', 52.5, 11.5],
  ['Oder', 52.5, 14.6],
  ['Vistula', 52.5, 20.0],
  ['Dnieper', 49.0, 33.0],
  ['Dniester', 47.5, 28.5],
  ['Euphrates', 34.5, 40.9],
  ['Tigris', 35.0, 43.3],
  ['Yangtze', 30.5, 112.0, ['Yangtze River', 'Chang Jiang']],
  ['Yellow River', 36.0, 110.0, ['Huang He']],
  ['Mekong', 15.0, 105.5],
  ['Ganges', 25.3, 83.0],
  ['Brahmaputra', 26.2, 91.7],
  ['Zambezi', -16.0, 28.0],
  ['Limpopo', -22.5, 31.0],
  ['Orinoco', 7.5, -64.5],
  ['Amazon River', -3.0, -60.0, ['River Amazon']],
  ['Congo River', -2.0, 18.0, ['River Congo']],
  ['Niger River', 13.5, 2.1, ['River Niger']],
  ['Jordan River', 32.0, 35.55, ['River Jordan']],
  ['Mississippi River', 35.0, -90.1, ['River Mississippi']],
  ['Missouri River', 41.0, -96.0],
  ['Colorado River', 36.0, -113.5],
  ['Rio Grande', 29.5, -103.0],
  ['St. Lawrence River', 47.0, -70.5, ['Saint Lawrence River']],
  ['Yukon River', 63.0, -155.0],
  ['Indus', 27.5, 68.2],
  ['Amur', 50.0, 127.5],
  ['Yenisei', 65.0, 87.0],
  ['Ob River', 62.0, 75.0],
  ['Irrawaddy', 19.0, 95.2],
  ['Shatt al-Arab', 30.4, 48.1],
  ['Po River', 45.0, 11.0, ['River Po']],
  ['Loire', 47.4, 0.7],
  ['Rhone', 45.0, 4.8, ['Rhône']],
];

// Mountains and ranges, by the names news writes them in.
const MOUNTAINS: Row[] = [
  ['Alps', 46.5, 10.0],
  ['Andes', -20.0, -67.0],
  ['Himalayas', 28.5, 84.0, ['Himalaya']],
  ['Rocky Mountains', 43.0, -109.0, ['Rockies']],
  ['Ural Mountains', 60.0, 59.0, ['Urals']],
  ['Pyrenees', 42.7, 0.8],
  ['Carpathians', 47.5, 25.0, ['Carpathian Mountains']],
  ['Caucasus Mountains', 42.5, 44.0],
  ['Atlas Mountains', 31.5, -6.0],
  ['Apennines', 43.0, 12.8],
  ['Balkan Mountains', 42.7, 25.0],
  ['Pamir Mountains', 38.5, 73.0, ['Pamirs', 'Pamir']],
  ['Hindu Kush', 35.5, 70.5],
  ['Karakoram', 35.8, 76.5],
  ['Tian Shan', 42.0, 80.0],
  ['Appalachian Mountains', 38.0, -80.0, ['Appalachians']],
  ['Sierra Nevada', 37.5, -119.0],
  ['Mount Everest', 27.99, 86.93, ['Everest']],
  ['Mount Kilimanjaro', -3.07, 37.36, ['Kilimanjaro']],
  ['Mont Blanc', 45.83, 6.86],
  ['Matterhorn', 45.98, 7.66],
  ['Mount Fuji', 35.36, 138.73],
  ['Mount Etna', 37.75, 14.99, ['Etna']],
  ['Vesuvius', 40.82, 14.43, ['Mount Vesuvius']],
  ['Mount Olympus', 40.09, 22.36],
  ['Mount Ararat', 39.7, 44.3],
  ['Mount Kenya', -0.15, 37.31],
  ['Mount Sinai', 28.54, 33.97],
  ['Mount Elbrus', 43.35, 42.44, ['Elbrus']],
];

// Oceans, seas and the gulfs, bays and straits news names.
const SEAS: Row[] = [
  ['Atlantic Ocean', 30.0, -40.0, ['Atlantic']],
  ['Pacific Ocean', 0.0, -160.0, ['Pacific']],
  ['Indian Ocean', -20.0, 80.0],
  ['Arctic Ocean', 85.0, 0.0],
  ['Southern Ocean', -60.0, 90.0],
  ['Mediterranean Sea', 35.0, 18.0, ['Mediterranean']],
  ['Baltic Sea', 58.0, 20.0],
  ['North Sea', 56.0, 3.0],
  ['Black Sea', 43.0, 35.0],
  ['Caspian Sea', 41.7, 50.6, ['Caspian']],
  ['Red Sea', 20.0, 38.5],
  ['Dead Sea', 31.5, 35.5],
  ['Aral Sea', 45.0, 60.0],
  ['Adriatic Sea', 43.0, 15.0, ['Adriatic']],
  ['Aegean Sea', 39.0, 25.0, ['Aegean']],
  ['Ionian Sea', 38.5, 18.5],
  ['Tyrrhenian Sea', 40.0, 12.0],
  ['Caribbean Sea', 15.0, -75.0],
  ['South China Sea', 12.0, 113.0],
  ['East China Sea', 29.0, 125.0],
  ['Yellow Sea', 35.5, 123.5],
  ['Sea of Japan', 40.0, 135.0],
  ['Sea of Okhotsk', 55.0, 150.0],
  ['Bering Sea', 58.0, -178.0],
  ['Barents Sea', 74.0, 40.0],
  ['Arabian Sea', 15.0, 65.0],
  ['Irish Sea', 53.8, -5.0],
  ['Sea of Azov', 46.0, 36.5],
  ['Sea of Marmara', 40.7, 28.2],
  ['Gulf of Mexico', 25.0, -90.0],
  ['Gulf of Aden', 12.5, 48.0],
  ['Gulf of Oman', 24.5, 58.5],
  ['Gulf of Thailand', 9.5, 101.5],
  ['Gulf of Finland', 60.0, 26.0],
  ['Gulf of Guinea', 2.0, 3.0],
  ['Bay of Bengal', 15.0, 88.0],
  ['Bay of Biscay', 45.5, -4.0],
  ['English Channel', 50.2, -1.5],
  ['Strait of Hormuz', 26.6, 56.5],
  ['Strait of Malacca', 3.0, 100.5, ['Malacca Strait', 'Straits of Malacca']],
  ['Strait of Gibraltar', 35.95, -5.6],
  ['Taiwan Strait', 24.5, 119.5],
  ['Bosphorus', 41.1, 29.05],
  ['Dardanelles', 40.2, 26.4],
];

const LAKES: Row[] = [
  ['Lake Victoria', -1.0, 33.0],
  ['Lake Tanganyika', -6.0, 29.5],
  ['Lake Malawi', -12.0, 34.5],
  ['Lake Chad', 13.0, 14.5],
  ['Lake Baikal', 53.5, 108.0],
  ['Lake Geneva', 46.45, 6.5],
  ['Lake Constance', 47.6, 9.4],
  ['Lake Titicaca', -15.8, -69.4],
  ['Lake Superior', 47.7, -87.5],
  ['Lake Michigan', 44.0, -87.0],
  ['Lake Huron', 44.8, -82.4],
  ['Lake Erie', 42.2, -81.2],
  ['Lake Ontario', 43.7, -77.9],
  ['Lake Tahoe', 39.1, -120.0],
  ['Lake Kivu', -2.0, 29.2],
  ['Sea of Galilee', 32.8, 35.6, ['Lake Tiberias']],
];

const ISLANDS: Row[] = [
  ['Borneo', 0.5, 114.0],
  ['Sumatra', 0.0, 102.0],
  ['Java', -7.5, 110.0],
  ['New Guinea', -5.5, 141.0],
  ['Spitsbergen', 78.7, 16.0, ['Spitzbergen']],
  ['Honshu', 36.0, 138.0],
  ['Luzon', 16.0, 121.0],
];

const DESERTS: Row[] = [
  ['Sahara', 23.0, 13.0, ['Sahara Desert']],
  ['Gobi Desert', 42.5, 103.5, ['Gobi']],
  ['Kalahari', -23.0, 22.0, ['Kalahari Desert']],
  ['Atacama Desert', -24.5, -69.25, ['Atacama']],
  ['Negev', 30.5, 34.9, ['Negev Desert']],
  ['Arabian Desert', 23.0, 48.0],
];

function rows(kind: FeatureKind, list: Row[], more: (name: string) => string[] = () => []): Feature[] {
  return list.map(([name, lat, lon, aliases = []]) => ({ kind, name, aliases: [...aliases, ...more(name)], lat, lon }));
}

/** Every feature, with the river forms ("Danube River", "River Danube") spelt out. */
export const FEATURES: readonly Feature[] = [
  ...rows('sea', SEAS).map((f) =>
    f.name === 'English Channel' ? { ...f, inContext: { name: 'Channel', countries: ['GB', 'FR'] } } : f,
  ),
  ...rows('river', RIVERS, (name) => (/ River$| Grande$|-Arab$/.test(name) ? [] : [`${name} River`, `River ${name}`])),
  ...rows('mountain', MOUNTAINS),
  ...rows('lake', LAKES),
  ...rows('island', ISLANDS),
  ...rows('desert', DESERTS),
];
