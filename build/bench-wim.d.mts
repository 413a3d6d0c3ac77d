// Types of build/bench-wim.mjs for the TypeScript test that runs it (test/wim/bench-wim.test.ts).
/** Per format (none, xpress, lzx, lzms, solid): preflight's ms / wimlib-imagex's; null when wimlib-imagex is missing. */
export function benchWim(options: { hive: string; runs?: number }): Promise<Record<string, number> | null>;
