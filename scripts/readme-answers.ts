// Writes into README.md the answers the app gives to its GraphQL examples now, on the data the
// README names, keeping the names ("$lavrov") that stand for ids and cursors where the README
// already has them. tests/readme-examples.test.ts checks the README against the same run; read
// the diff before committing: a moved answer is a change of behaviour.
import { readFileSync, writeFileSync } from 'node:fs';
import { createDb } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { bindPlaceholders, formatAnswer, readmeExamples, startReadmeRun } from '../tests/helpers/readme-examples.js';

const readme = new URL('../README.md', import.meta.url);
const examples = readmeExamples(readme);
// A throw-away embedded database (the tests' helper needs vitest's global setup).
const database = createDb({ databaseUrl: null, pgliteDir: 'memory://' });
await migrateDatabase(database);
const run = await startReadmeRun(examples, database, () => database.close());
const answers = new Map<number, unknown>();
try {
  for (const example of examples)
    answers.set(example.line, bindPlaceholders(example.answer, await run.answer(example), run.bound));
} finally {
  await run.close();
}
const lines = readFileSync(readme, 'utf8').split('\n');
let changed = 0;
// From the end, so that the lines of the answers above stay where they were.
for (const example of [...examples].reverse()) {
  const [open, close] = example.answerLines;
  const written = formatAnswer(answers.get(example.line)).split('\n');
  if (lines.slice(open, close - 1).join('\n') === written.join('\n')) continue;
  lines.splice(open, close - 1 - open, ...written);
  changed++;
  process.stdout.write(`README.md line ${example.line}: answer rewritten\n`);
}
writeFileSync(readme, lines.join('\n'));
process.stdout.write(`${examples.length} examples, ${changed} answers rewritten\n`);
