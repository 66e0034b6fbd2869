import { extractArticle } from '../src/extract/index.js';
const body = process.argv.slice(2).join(' ');
const raw = `This is an article from AFP.\n\nHeadline here\n\nWire from AFP / Omni\n18 January 2022, 17.19\n\n${body.replace(/\\n/g, '\n')}`;
const a = extractArticle(raw);
console.log('persons', a.persons.map((p) => `${p.name} [${p.mentions.map((m) => m.text).join('|')}] t=${p.title}`));
console.log('places', a.places.map((p) => `${p.name} (${p.kind})`));
for (const q of a.quotes) console.log('quote', JSON.stringify(q.text.slice(0, 50)), '->', q.speaker, '|', q.speakerLabel, '|', q.verb);
