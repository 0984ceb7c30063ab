// One lint config for the whole tree (`npm run lint`). Formatting is Prettier's job:
// eslint-config-prettier, last, turns off every rule that would disagree with it.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/build/', '**/.next/', '**/next-env.d.ts', '.cache/', 'dev/bench/results/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A `let` that a closure declared earlier reads (a shutdown handler reading what start-up assigns later).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },

  // jest configs are CommonJS, as jest loads them.
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // React and the rules of hooks: the Next.js client and the bench's minimal Next floor.
  {
    files: ['client/**/*.{ts,tsx}', 'dev/bench/src/floors/client-next/**/*.{ts,tsx}'],
    extends: [react.configs.flat.recommended, react.configs.flat['jsx-runtime'], reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    // Props are typed by TypeScript, which checks them at compile time; prop-types are for JavaScript.
    rules: { 'react/prop-types': 'off' },
    settings: { react: { version: 'detect' } },
  },
  // Next's own rules, for the client only: the floor links with plain <a> on purpose (no next/link).
  {
    files: ['client/**/*.{ts,tsx}'],
    extends: [nextPlugin.configs['core-web-vitals']],
    settings: { next: { rootDir: 'client' } },
  },

  // A ticket is written only through saveTicket(), which locks, saves and wakes the relay.
  {
    files: ['tickets/src/**/*.ts'],
    ignores: ['tickets/src/outbox/**', 'tickets/src/**/__test__/**', 'tickets/src/test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='save']",
          message: 'Save a ticket with saveTicket() (src/outbox/save-ticket.ts): it locks, saves and wakes the relay.',
        },
      ],
    },
  },

  prettier,
);
