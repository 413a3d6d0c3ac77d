// Types of build/sea.mjs for the TypeScript tests that use it (test/support/standin-exe.ts).
export const ROOT: string;
export const WINDOWS_PACKAGES: { x64: string; arm64: string };
export class BuildError extends Error {}
export interface Runtime {
  file: string;
  version: string;
  packages: Record<string, string>;
}
export function loadRuntime(file?: string): Runtime;
export function runtimeTarball(runtime: Runtime, name: string): string;
export function tarMember(tarball: string, member: string): Buffer;
export function seaBlob(runtime: Runtime, main: string, work: string, assets?: Record<string, string>): Buffer;
export function haveWine(): boolean;
export function seaBlobWithCodeCache(
  runtime: Runtime,
  main: string,
  work: string,
  assets?: Record<string, string>,
  arch?: 'x64' | 'arm64',
): { blob: Buffer; codeCache: true; why?: undefined } | { blob: null; why: string };
export function stripSignature(input: string, output: string): void;
export function writePeChecksum(file: string): void;
export function windowsExecutable(o: {
  runtime: Runtime;
  arch: 'x64' | 'arm64';
  blob: Buffer;
  out: string;
  work: string;
  editResources?: (file: string) => void;
}): Promise<string>;
