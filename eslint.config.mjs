// Lint: typescript-eslint's recommended rules plus a few type-aware ones that catch real bugs here (floating and misused
// promises, non-exhaustive switches, type-only re-exports). no-unnecessary-condition is left out: it is noisy with cdk8s Lazy values.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // What .gitignore ignores (build output, synth output, bench builds), plus the cdk8s-generated imports/ and the generated schemas/validators/.
  {
    ignores: [
      'build/**', 'dist/**', 'dist.*/**', '.dist.staging-*/**', 'node_modules/**', 'imports/**', 'docs/api/**',
      '.cdk8s.out/**', '.bench/**', 'coverage/**', 'schemas/validators/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Inline `type` keeps each module's exports in one statement, as lib/index.ts groups them.
      '@typescript-eslint/consistent-type-exports': ['error', { fixMixedExportsWithInlineTypeSpecifier: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      // As tsc's noUnusedParameters: a leading '_' marks a name kept on purpose (an overridable method's parameters, a
      // property taken out of an object by destructuring so that the rest goes without it).
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
      // Every construct has its own XxxProps (house style), even when it adds nothing to the props it extends.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'prefer-const': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Tests assert exact messages, which are long by design: a string may pass the limit there, code may not.
    files: ['test/**/*.ts'],
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
    },
  },
  {
    // The config files (eslint, typedoc, jest) and bin/: plain JavaScript outside the TypeScript project, so no type
    // information. Their languageOptions must keep disableTypeChecked's parserOptions (no project service), or every
    // .js outside the root fails to parse.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { module: 'readonly', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    // package.json has no "type": a .js file is CommonJS, where require() is the module system, not a style choice.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
