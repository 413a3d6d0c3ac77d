// The version is put in by the bundler (build/bundle.mjs); tests that import sources see "dev".
declare const __PREFLIGHT_VERSION__: string | undefined;
export const VERSION: string = typeof __PREFLIGHT_VERSION__ === 'string' ? __PREFLIGHT_VERSION__ : 'dev';
