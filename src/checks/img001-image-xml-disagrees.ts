// IMG001: the WIM's XML describes another Windows than the hives inside the image.
import type { Evidence } from '../windows/facts';
import type { CheckMeta, InstallationCheck } from './types';
import { evidenceFor, fileEvidence, finding } from './finding';

const meta: CheckMeta = {
  id: 'IMG001',
  severity: 'warn',
  title: "The image's description disagrees with its Windows",
  remedy:
    'Find out where the image came from before deploying it. If its Windows is the one you want, fix the description ' +
    '(wimlib-imagex info IMAGE.wim N --image-property WINDOWS/EDITIONID=...) or capture it again, so that DISM /Get-ImageInfo and deployment tools select the right image.',
  get docs() {
    return [
      'A WIM records, per image, what it holds: the edition (WINDOWS/EDITIONID, FLAGS) and the build',
      '(WINDOWS/VERSION/BUILD) in its XML, written from the hives at capture time by DISM and wimlib. Deployment',
      'tools and DISM /Get-ImageInfo select images by that description. When it names another edition or build than',
      "the SOFTWARE hive inside the image (EditionID, CurrentBuild), the description was edited or the image's",
      'content replaced after capture: warn, showing both. Only read from images (check IMAGE.wim).',
      'Sources: wim-format.md §6 (XML IMAGE/WINDOWS fields); wimlib src/xml_windows.c fills them from the hives.',
    ].join('\n');
  },
};

export const img001: InstallationCheck = {
  meta,
  scope: 'installation',
  run(facts) {
    const img = facts.image;
    if (!img) return [];
    const where = `${img.file}:${img.index}`;
    const out: string[] = [];
    const xmlEvidence: Evidence[] = [];
    const hiveEvidence: Evidence[] = [];
    if (img.editionId && facts.os.edition && img.editionId.toUpperCase() !== facts.os.edition.toUpperCase()) {
      out.push(`edition ${img.editionId} in the WIM's XML, ${facts.os.edition} in the SOFTWARE hive`);
      xmlEvidence.push(fileEvidence(where, `XML WINDOWS/EDITIONID = ${img.editionId}`));
      hiveEvidence.push(
        ...evidenceFor(facts.os.evidence, ['EditionID'], {
          source: 'registry',
          hive: 'SOFTWARE',
          key: 'Microsoft\\Windows NT\\CurrentVersion',
          value: 'EditionID',
        }),
      );
    }
    if (img.build !== null && facts.os.build !== null && img.build !== facts.os.build) {
      out.push(`build ${img.build} in the WIM's XML, ${facts.os.build} in the SOFTWARE hive`);
      xmlEvidence.push(fileEvidence(where, `XML WINDOWS/VERSION/BUILD = ${img.build}`));
      hiveEvidence.push(
        ...evidenceFor(facts.os.evidence, ['CurrentBuild'], {
          source: 'registry',
          hive: 'SOFTWARE',
          key: 'Microsoft\\Windows NT\\CurrentVersion',
          value: 'CurrentBuild',
        }),
      );
    }
    if (out.length === 0) return [];
    return [
      finding(meta, {
        message: `Image ${img.index}${img.name ? ` ("${img.name}")` : ''} of ${img.file}: ${out.join('; ')}.`,
        evidence: [...xmlEvidence, ...hiveEvidence],
      }),
    ];
  },
};
