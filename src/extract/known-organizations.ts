import { tokenize } from './tokens.js';
import type { OrganizationKind } from './types.js';

// Organisations news names by a bare name that no rule can read as one: no head word ("Reuters",
// "Gazprom"), or a name shaped like a person's ("Goldman Sachs", "Red Cross"). Written for this
// project from general knowledge of the world's best-known bodies, not from any annotated text.
// Names that are as often a place or a word are not listed ("Amazon", "Target", "Kremlin"); one
// that is also a surname ("Ford", "Honda") is the firm only where no person of the article has it.
const KNOWN: [OrganizationKind, string[]][] = [
  [
    'media',
    [
      'Reuters',
      'Associated Press',
      'Agence France-Presse',
      'Bloomberg News',
      'Xinhua',
      'Interfax',
      'Itar-Tass',
      'Tass',
      'RIA Novosti',
      'Yonhap',
      'Kyodo',
      'Anadolu',
      'Al Jazeera',
      'Al Arabiya',
      'CNN',
      'BBC',
      'Sky News',
      'Fox News',
      'MSNBC',
      'CNBC',
      'NPR',
      'Politico',
      'Der Spiegel',
      'Le Monde',
      'Le Figaro',
      'El Pais',
      'Corriere della Sera',
      'La Repubblica',
      'Die Welt',
      'Haaretz',
      'Pravda',
      'Izvestia',
      'Kommersant',
      'Asahi Shimbun',
      'Yomiuri Shimbun',
    ],
  ],
  [
    'company',
    [
      'Goldman Sachs',
      'Morgan Stanley',
      'JPMorgan',
      'JPMorgan Chase',
      'JP Morgan',
      'Merrill Lynch',
      'Lehman Brothers',
      'Bear Stearns',
      'Salomon Brothers',
      'Charles Schwab',
      'Credit Suisse',
      'Deutsche Bank',
      'Societe Generale',
      'BNP Paribas',
      'Lockheed Martin',
      'Northrop Grumman',
      'Raytheon',
      'Boeing',
      'Airbus',
      'Philip Morris',
      'Procter & Gamble',
      'Johnson & Johnson',
      'Marks & Spencer',
      'Rolls-Royce',
      'Hewlett-Packard',
      'Disney',
      'Nestle',
      'Unilever',
      'Siemens',
      'Volkswagen',
      'Daimler',
      'Mercedes-Benz',
      'BMW',
      'Renault',
      'Peugeot',
      'Fiat',
      'Toyota',
      'Honda',
      'Ford',
      'Chrysler',
      'Apple',
      'Dell',
      'Shell',
      'Bayer',
      'Roche',
      'Embraer',
      'Bombardier',
      'Nissan',
      'Mitsubishi',
      'Hyundai',
      'Samsung',
      'Sony',
      'Panasonic',
      'Toshiba',
      'Hitachi',
      'Huawei',
      'Alibaba',
      'Tencent',
      'Microsoft',
      'Google',
      'Facebook',
      'Twitter',
      'Netflix',
      'Intel',
      'IBM',
      'Nokia',
      'Ericsson',
      'Gazprom',
      'Rosneft',
      'Lukoil',
      'Aeroflot',
      'ExxonMobil',
      'Exxon',
      'Chevron',
      'ConocoPhillips',
      'BP',
      'TotalEnergies',
      'Petrobras',
      'Pemex',
      'Aramco',
      'Glencore',
      'Rio Tinto',
      'BHP',
      'Pfizer',
      'Moderna',
      'AstraZeneca',
      'Novartis',
      'Sanofi',
      'Monsanto',
      'Walmart',
      'Carrefour',
      'Tesco',
      "McDonald's",
      'Coca-Cola',
      'PepsiCo',
      'Budweiser',
      'Heineken',
      'Uber',
      'Volvo',
      'Ikea',
      'Lufthansa',
      'Ryanair',
      'Qantas',
      'El Al',
      'Pan Am',
      'KLM',
      'Air France',
      'British Airways',
    ],
  ],
  [
    'international',
    [
      'NATO',
      'Interpol',
      'Europol',
      'Red Cross',
      'Red Crescent',
      'OPEC',
      'Unesco',
      'UNESCO',
      'Unicef',
      'UNICEF',
      'UNHCR',
      'IAEA',
      'WTO',
      'OECD',
      'ASEAN',
      'Mercosur',
      'Eurostat',
      'Frontex',
      'African Union',
      'Arab League',
      'Commonwealth of Nations',
    ],
  ],
  [
    'ngo',
    [
      'Greenpeace',
      'Oxfam',
      'Human Rights Watch',
      'Medecins Sans Frontieres',
      'Doctors Without Borders',
      'Transparency International',
      'Reporters Without Borders',
      'Save the Children',
      'WWF',
    ],
  ],
  [
    'other',
    [
      'Taliban',
      'al-Qaeda',
      'al-Qaida',
      'al Qaeda',
      'Al-Qaeda',
      'Hamas',
      'Hezbollah',
      'Hizbollah',
      'Islamic State',
      'ISIS',
      'ISIL',
      'Boko Haram',
      'al-Shabaab',
      'Shabaab',
      'Fatah',
      'IRA',
      'ETA',
      'FARC',
      'PKK',
    ],
  ],
  [
    'government',
    [
      'Fed',
      'Federal Reserve',
      'FBI',
      'CIA',
      'NSA',
      'NASA',
      'Scotland Yard',
      'Mossad',
      'Shin Bet',
      'KGB',
      'FSB',
      'Stasi',
      'Gestapo',
    ],
  ],
];

interface KnownNames {
  byName: Map<string, OrganizationKind>;
  /** Per first word (folded), the most words a known name that starts with it has. */
  longestFrom: Map<string, number>;
}

let known: KnownNames | null = null;

/** The names folded by the tokenizer itself, so they are looked up as an article's words are folded. */
function knownNames(): KnownNames {
  if (known === null) {
    known = { byName: new Map(), longestFrom: new Map() };
    for (const [kind, names] of KNOWN) {
      for (const name of names) {
        const words = tokenize(name, [{ start: 0, end: name.length, index: 0, text: name }]).map((t) => t.folded);
        known.byName.set(words.join(' '), kind);
        const first = words[0] as string;
        known.longestFrom.set(first, Math.max(known.longestFrom.get(first) ?? 0, words.length));
      }
    }
  }
  return known;
}

/**
 * The kind of the known organisation whose name is `folded` (its tokens' folded forms one space
 * apart, as `foldedText` gives them), if it is one.
 */
export function knownOrganization(folded: string): OrganizationKind | undefined {
  return knownNames().byName.get(folded);
}

/** The most words a known organisation's name that starts with this folded word has; 0 when none does. */
export function knownOrganizationWordsFrom(first: string): number {
  return knownNames().longestFrom.get(first) ?? 0;
}
