// One table of what differs between the engines, so plan, run and verify stay engine-agnostic.
import { decodeDismExit, decodeWimlibExit, type DecodedExit } from '../exit-status';
import { DismOutputParser } from '../progress/dism-parser';
import type { OutputParser } from '../progress/events';
import { WimlibOutputParser } from '../progress/wimlib-parser';
import type { CapturePlan, EngineCommand, EngineName } from '../types';
import { dismCaptureArgs, dismInfoCommand, parseDismInfo } from './dism';
import type { ImageEntry } from './image-info';
import { parseWimlibInfo, wimlibCaptureArgs, wimlibInfoCommand } from './wimlib';

export interface EngineAdapter {
  captureArgs(plan: Omit<CapturePlan, 'command'>): string[];
  infoCommand(program: string, image: string, index: number | null): EngineCommand;
  parseInfo(text: string): ImageEntry[];
  parser(): OutputParser;
  decodeExit(code: number, parser: OutputParser): DecodedExit;
  /** The engine writes its own log (/LogPath); otherwise preflight saves the engine's output as its log. */
  writesOwnLog: boolean;
  /** DISM needs a scratch folder; wimlib writes straight into the image. */
  usesScratch: boolean;
  logSuffix: string;
}

export const ENGINES: Record<EngineName, EngineAdapter> = {
  dism: {
    captureArgs: dismCaptureArgs,
    infoCommand: dismInfoCommand,
    parseInfo: parseDismInfo,
    parser: () => new DismOutputParser(),
    decodeExit: (code) => decodeDismExit(code),
    writesOwnLog: true,
    usesScratch: true,
    logSuffix: '.dism.log',
  },
  wimlib: {
    captureArgs: wimlibCaptureArgs,
    infoCommand: wimlibInfoCommand,
    parseInfo: parseWimlibInfo,
    parser: () => new WimlibOutputParser(),
    decodeExit: (code, parser) => decodeWimlibExit(code, parser.errorMessage),
    writesOwnLog: false,
    usesScratch: false,
    logSuffix: '.wimlib.log',
  },
};
