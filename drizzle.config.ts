import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the table definitions and committed; both drivers apply them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
