import { describe, expect, it } from 'vitest';
import type { ExtractedOrganization, ExtractedPerson } from '../src/extract/index.js';
import type { PreparedArticle } from '../src/ingest/prepare.js';
import {
  articleOrganizations,
  kindOf,
  organizationRows,
  personRows,
  type WrittenArticle,
} from '../src/ingest/write/entities.js';
import { acronymForms, acronymKey, resolveOrganizations, targetOf } from '../src/ingest/write/organizations.js';
import { articlePeople, compareCodePoints, resolveKey, surnameOf } from '../src/ingest/write/people.js';
import { planBatch, type Stored } from '../src/ingest/write/plan.js';

// The write path's pure steps, one at a time; tests/load-order.test.ts checks them together.

function person(name: string, extra: Partial<ExtractedPerson> = {}): ExtractedPerson {
  const key = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  return {
    key,
    name,
    title: null,
    affiliation: null,
    affiliationCode: null,
    organization: null,
    mentions: [],
    ...extra,
  };
}

const span = (start: number, text: string) => ({ start, end: start + text.length, text });

describe('compareCodePoints', () => {
  it.each([
    ['a', 'b', -1],
    ['José', 'Jose', 1],
    ['Jose', 'JOSE', 1],
    ['ab', 'a', 1],
    // UTF-16 puts U+FF21 (Ａ) after an astral letter; code points and Postgres' "C" put it before.
    ['\uFF21', '\u{1D400}', -1],
  ])('orders %s against %s as %i', (a, b, sign) => {
    expect(Math.sign(compareCodePoints(a, b))).toBe(sign);
    expect(Math.sign(compareCodePoints(b, a))).toBe(-sign);
  });
});

describe('articlePeople', () => {
  it('joins a lone surname to the one full name of the article that ends in it', () => {
    const { people, speakerKey } = articlePeople({
      persons: [
        person('Holloway', {
          title: 'Minister',
          organization: { key: 'foreign office', role: 'minister' },
          mentions: [span(50, 'Holloway')],
        }),
        person('Jane Holloway', { affiliationCode: 'SE', mentions: [span(10, 'Jane Holloway')] }),
      ],
    });
    expect(people).toEqual([
      {
        key: 'jane holloway',
        surname: 'holloway',
        name: 'Jane Holloway',
        title: 'Minister',
        affiliationCode: 'SE',
        organization: { key: 'foreign office', role: 'minister' },
        mentions: [span(10, 'Jane Holloway'), span(50, 'Holloway')],
      },
    ]);
    expect(speakerKey('Holloway')).toBe('jane holloway');
    expect(speakerKey('Someone Else')).toBeNull();
    expect(speakerKey(null)).toBeNull();
  });

  it('keeps a lone surname apart where the article spells out two people of that name', () => {
    const { people } = articlePeople({
      persons: [person('Joe Biden'), person('Hunter Biden'), person('Biden')],
    });
    expect(people.map((p) => p.key)).toEqual(['biden', 'hunter biden', 'joe biden']);
  });
});

describe('resolveKey', () => {
  const full = new Map([
    ['blinken', new Set(['antony blinken'])],
    ['biden', new Set(['joe biden', 'hunter biden'])],
  ]);
  it.each([
    ['blinken', 'antony blinken'],
    ['biden', 'biden'],
    ['lavrov', 'lavrov'],
    ['antony blinken', 'antony blinken'],
  ])('stores %s under %s', (key, want) => {
    expect(resolveKey(key, (s) => full.get(s))).toBe(want);
  });

  it('reads the surname as the last folded word', () => {
    expect(surnameOf('jean pierre dupont')).toBe('dupont');
    expect(surnameOf('dupont')).toBe('dupont');
  });
});

describe('personRows', () => {
  const written = (articleId: number, at: string, persons: ExtractedPerson[]): WrittenArticle => ({
    articleId,
    publishedAt: new Date(at),
    people: articlePeople({ persons }),
    places: [],
    organizations: [],
    acronyms: new Map(),
    organizationKey: (key: string) => key,
    quotes: [
      {
        start: 0,
        end: 2,
        text: 'Hi',
        paragraphIndex: 0,
        speaker: 'Ramirez',
        speakerLabel: 'Ramirez',
        speakerOrganization: null,
        verb: 'said',
      },
    ],
  });
  const rows = (order: WrittenArticle[], stored = new Map<string, string>()) =>
    personRows(order, (k) => (k === 'ramirez' ? 'jose ramirez' : k), stored);
  const articles = [
    written(1, '2022-01-12T09:00:00Z', [
      person('Jose Ramirez', { title: 'Trade Minister', mentions: [span(0, 'Jose Ramirez')] }),
    ]),
    written(2, '2022-01-12T09:00:00Z', [
      person('José Ramírez', { title: 'Foreign Minister', affiliationCode: 'FI', mentions: [span(0, 'José Ramírez')] }),
    ]),
    written(3, '2022-01-11T09:00:00Z', [person('Ramirez', { title: 'Ambassador', mentions: [span(4, 'Ramirez')] })]),
  ];

  it('adds counts and picks name, title and country by rules that do not depend on order', () => {
    const want = [
      {
        key: 'jose ramirez',
        name: 'José Ramírez',
        surname: 'ramirez',
        aliases: ['Jose Ramirez', 'Ramirez'],
        // Two titles of one time: the greater in code-point order.
        title: 'Trade Minister',
        titleAt: new Date('2022-01-12T09:00:00Z'),
        affiliationCountryCode: 'FI',
        affiliationAt: new Date('2022-01-12T09:00:00Z'),
        articleCount: 3,
        mentionCount: 3,
        quoteCount: 1,
      },
    ];
    expect(rows(articles)).toEqual(want);
    expect(rows([...articles].reverse())).toEqual(want);
  });

  it('names a person joined only by a surname with the stored name', () => {
    const [row] = rows([articles[2] as WrittenArticle], new Map([['jose ramirez', 'José Ramírez']]));
    expect(row).toMatchObject({ key: 'jose ramirez', name: 'José Ramírez', aliases: ['Ramirez'], articleCount: 1 });
  });
});

describe('organizationRows', () => {
  const org = (name: string, extra: Partial<ExtractedOrganization> = {}): ExtractedOrganization => ({
    key: name.toLowerCase(),
    name,
    acronym: null,
    kind: 'other',
    countryCode: null,
    mentions: [span(0, name)],
    ...extra,
  });
  const written = (articleId: number, organizations: ExtractedOrganization[], speakers: string[] = []) => ({
    articleId,
    publishedAt: new Date('2022-01-12T09:00:00Z'),
    people: articlePeople({ persons: [] }),
    places: [],
    organizations: articleOrganizations({ organizations }),
    acronyms: new Map(organizations.map((o) => [o.key, acronymForms(o)])),
    organizationKey: (key: string) => key,
    quotes: speakers.map((key, i) => ({
      start: i * 10,
      end: i * 10 + 2,
      text: 'Hi',
      paragraphIndex: 0,
      speaker: null,
      speakerLabel: 'the body',
      speakerOrganization: key,
      verb: 'said',
    })),
  });
  const articles: WrittenArticle[] = [
    written(
      1,
      [
        org('World Trade Organization', {
          key: 'world trade organization',
          acronym: 'WTO',
          kind: 'international',
          mentions: [span(0, 'World Trade Organization'), span(40, 'WTO')],
        }),
      ],
      ['world trade organization', 'nobody here'],
    ),
    written(2, [org('World Trade Organisation', { key: 'world trade organization', countryCode: 'CH' })]),
    written(3, [org('world trade organization', { kind: 'ngo' })]),
  ];

  it('adds counts and picks name, acronym, kind and country by rules that do not depend on order', () => {
    const want = [
      {
        key: 'world trade organization',
        // The greatest spelling in code-point order: lower case sorts after capitals.
        name: 'world trade organization',
        named: true,
        acronym: 'WTO',
        aliases: ['WTO', 'World Trade Organisation', 'World Trade Organization'],
        // A named kind over "other"; of two named kinds, the greater.
        kind: 'ngo',
        countryCode: 'CH',
        articleCount: 3,
        mentionCount: 4,
        // A quote counts for an organisation its own article names, not for a key it does not.
        quoteCount: 1,
      },
    ];
    expect(organizationRows(articles)).toEqual(want);
    expect(organizationRows([...articles].reverse())).toEqual(want);
  });

  it.each([
    ['other', 'media', 'media'],
    ['media', 'other', 'media'],
    ['company', 'media', 'media'],
    ['other', 'other', 'other'],
  ])('merges kinds %s and %s as %s', (a, b, want) => {
    expect(kindOf(a, b)).toBe(want);
  });

  it('joins an organisation an article lists twice under one key', () => {
    const [only, ...rest] = articleOrganizations({
      organizations: [
        org('Airbus', { mentions: [span(30, 'Airbus')] }),
        org('AIRBUS', { key: 'airbus', acronym: 'AIRBUS', kind: 'company' }),
      ],
    });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      name: 'Airbus',
      acronym: 'AIRBUS',
      kind: 'company',
      mentions: [span(0, 'AIRBUS'), span(30, 'Airbus')],
    });
  });
});

describe('organisations across articles', () => {
  const org = (key: string, name: string, acronym: string | null = null) => ({ key, name, acronym });

  it('tells an acronym written alone from a full name that gives one', () => {
    expect(acronymForms(org('who', 'WHO', 'WHO'))).toEqual({ abbreviates: 'who', expands: null });
    expect(acronymForms(org('un', 'U.N.', 'U.N.'))).toEqual({ abbreviates: 'un', expands: null });
    // The tagger's "NASA" comes without an acronym: written in capitals, it is one all the same.
    expect(acronymForms(org('nasa', 'NASA'))).toEqual({ abbreviates: 'nasa', expands: null });
    expect(acronymForms(org('world health organization', 'World Health Organization', 'WHO'))).toEqual({
      abbreviates: null,
      expands: 'who',
    });
    expect(acronymForms(org('world health organization', 'World Health Organization'))).toEqual({
      abbreviates: null,
      expands: null,
    });
    // A name, not an acronym; a letter alone; an acronym in another script reduces to nothing.
    expect(acronymForms(org('who', 'Who'))).toEqual({ abbreviates: null, expands: null });
    expect(acronymForms(org('a', 'A.'))).toEqual({ abbreviates: null, expands: null });
    expect(acronymForms(org('организация объединенных наций', 'Организация Объединённых Наций', 'ООН'))).toEqual({
      abbreviates: null,
      expands: null,
    });
    expect(acronymKey('U.N.')).toBe('un');
  });

  it('stands an acronym for its full name only where exactly one is stored with it', () => {
    expect(targetOf(new Set(['world health organization']))).toBe('world health organization');
    expect(
      targetOf(new Set(['professional footballers association', 'pakistan football association'])),
    ).toBeUndefined();
    expect(targetOf(undefined)).toBeUndefined();
  });

  it('links an acronym to its full name unless the article links that row already', () => {
    const target = (a: string) =>
      ({ who: 'world health organization', oms: 'world health organization', imf: 'international monetary fund' })[a];
    const link = (key: string, abbreviates: string | null = null) => ({ key, abbreviates, expands: null });
    expect([...resolveOrganizations([link('who', 'who'), link('imf', 'imf'), link('pfa', 'pfa')], target)]).toEqual([
      ['pfa', 'pfa'],
      ['who', 'world health organization'],
      ['imf', 'international monetary fund'],
    ]);
    // The article names the full name too, without its acronym: one row, linked once, by its own key.
    expect(resolveOrganizations([link('world health organization'), link('who', 'who')], target)).toEqual(
      new Map([
        ['world health organization', 'world health organization'],
        ['who', 'who'],
      ]),
    );
    // Two acronyms of one row in one article: the greater key takes it, in any order.
    for (const list of [
      [link('who', 'who'), link('oms', 'oms')],
      [link('oms', 'oms'), link('who', 'who')],
    ]) {
      expect(resolveOrganizations(list, target)).toEqual(
        new Map([
          ['who', 'world health organization'],
          ['oms', 'oms'],
        ]),
      );
    }
  });
});

describe('planBatch', () => {
  const item = (sourceKey: string, contentHash: string) =>
    ({ file: `/in/${sourceKey}`, sourceKey, contentHash }) as unknown as PreparedArticle;
  const stored: Stored = {
    byHash: new Map([
      ['h-stored', { articleId: 1, version: Number.MAX_SAFE_INTEGER }],
      ['h-stale', { articleId: 2, version: 0 }],
    ]),
    byKey: new Map([
      ['changed.txt', { articleId: 3, names: 1 }],
      ['shared.txt', { articleId: 4, names: 2 }],
    ]),
  };

  it('tells new, unchanged, changed and stale texts apart', () => {
    const plans = planBatch(
      [
        item('new.txt', 'h-new'),
        item('copy.txt', 'h-new'),
        item('again.txt', 'h-stored'),
        item('old.txt', 'h-stale'),
        item('changed.txt', 'h-changed'),
        item('shared.txt', 'h-other'),
      ],
      stored,
    );
    expect(plans.map((p) => [p.item.sourceKey, p.outcome, p.replaceId, p.articleId, p.writer?.item.sourceKey])).toEqual(
      [
        ['new.txt', 'loaded', undefined, undefined, undefined],
        ['copy.txt', 'unchanged', undefined, undefined, 'new.txt'],
        ['again.txt', 'unchanged', undefined, 1, undefined],
        ['old.txt', 'updated', 2, undefined, undefined],
        // The file was its article's only name: replaced in place.
        ['changed.txt', 'updated', 3, undefined, undefined],
        // The article has another name that keeps it: this text is an article of its own.
        ['shared.txt', 'updated', undefined, undefined, undefined],
      ],
    );
  });
});
