// The one failure of the live registry, in a module of its own: the CLI's failure mapping (src/cli/fail.ts,
// loaded at every start) names it without loading the registry routes and node:child_process.

/** The live registry could not be read (access denied, reg.exe missing): one line saying so. */
export class LiveRegistryError extends Error {}
