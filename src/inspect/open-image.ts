// The judgement of one image of a WIM already open: the capture's read-back of what it wrote. It needs the
// image reader, so it sits apart from the pipeline a check of a folder loads (image-scanning.ts).
import type { HostFacts } from '../host/host-facts';
import type { Report } from '../report/model';
import { scanImageIndex, type ImageScan } from '../windows/image-scan';
import type { Wim } from '../wim';
import { reportFromFacts } from './report';

/**
 * One image of a WIM the caller has open, judged as `check FILE:N` judges it — the capture's read-back
 * (src/capture/read-back.ts). No disk is read (an image has none) and the host facts are the caller's: the
 * image is judged on the machine the gate ran on, so host-dependent checks answer as they did at the gate.
 */
export function inspectOpenImage(
  wim: Wim,
  index: number,
  host: HostFacts,
  toolVersion: string,
): { report: Report; withoutWindows: boolean } {
  const scan: ImageScan = { scannedVolumes: [], installations: [], unreadable: [], withoutWindows: [] };
  scanImageIndex(wim, wim.path, index, scan);
  const report = reportFromFacts({
    toolVersion,
    scannedVolumes: scan.scannedVolumes,
    installations: scan.installations,
    unreadable: scan.unreadable,
    host,
    generatedAt: new Date(),
  });
  return { report, withoutWindows: scan.withoutWindows.length > 0 };
}
