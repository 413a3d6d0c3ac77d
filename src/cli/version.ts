// The version is put in by the bundler (build/bundle.mjs); tests that import sources see "dev".
declare const __PREFLIGHT_VERSION__: string | undefined;
declare const __PREFLIGHT_COMMIT__: string | undefined;

export const VERSION: string = typeof __PREFLIGHT_VERSION__ === 'string' ? __PREFLIGHT_VERSION__ : 'dev';
/** The git commit the bundle was built from ("+dirty" when the tree had uncommitted changes), or "unknown". */
export const COMMIT: string = typeof __PREFLIGHT_COMMIT__ === 'string' ? __PREFLIGHT_COMMIT__ : 'unknown';

/**
 * What `preflight --version` prints: one line a technician can read out and a script can split, e.g.
 * `preflight 0.1.0 (commit 0123abcd4567; node 22.23.2; win32-x64)`. The node version and platform are the
 * ones actually running: inside preflight.exe, the embedded Windows runtime.
 */
export function versionLine(): string {
  return `preflight ${VERSION} (commit ${COMMIT}; node ${process.versions.node}; ${process.platform}-${process.arch})`;
}
