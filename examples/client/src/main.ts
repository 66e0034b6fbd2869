import { personQuotes } from './person-quotes.js';

// npx tsx examples/client/src/main.ts "Lavrov" [http://localhost:4000/graphql]
const [name = 'Blinken', endpoint = 'http://localhost:4000/graphql'] = process.argv.slice(2);
const person = await personQuotes(endpoint, name);
if (!person) {
  console.log(`nobody called "${name}"`);
} else {
  console.log(`${person.name}${person.title ? `, ${person.title}` : ''}: named in ${person.articleCount} articles`);
  for (const q of person.quotes) console.log(`  “${q.text}” (${q.headline}, ${q.publishedAt})`);
}
