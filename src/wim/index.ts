export * from './errors';
export { Wim, isWimError, type OpenWimOptions } from './wim';
export type { WimHeader, Compression } from './header';
export type { WimNode, ParsedImage } from './image';
export type { WimXml, WimImageInfo } from './xml';
export { nodePath } from './image';
