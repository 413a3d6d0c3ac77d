// A capture request as the CLI builds it after parsing, with the defaults of `preflight capture`: the
// tests name only what they are about.
import type { CaptureRequest } from '../../src/capture/types';

export function captureRequest(over: Partial<CaptureRequest> & Pick<CaptureRequest, 'source' | 'image'>): CaptureRequest {
  return {
    format: 'wim',
    ffu: null,
    name: 'image',
    description: null,
    append: false,
    compress: 'fast',
    config: null,
    scratch: null,
    verify: false,
    checkIntegrity: false,
    engine: 'wimlib',
    force: false,
    dryRun: false,
    ...over,
  };
}
