// Types of build/wine-prefix.mjs for the TypeScript tests that use it.
export function wineEnv(prefix: string): NodeJS.ProcessEnv;
export function makeWinePrefix(label: string): { prefix: string; env: NodeJS.ProcessEnv };
export function removeWinePrefix(prefix: string): void;
