import { afterAll, describe, expect, it } from 'vitest';
import { VolumeFs } from '../../src/windows/volume-fs';
import { readPendingFiles } from '../../src/windows/pending-files';
import { cleanupVolumes, makeVolume } from './temp-volume';

afterAll(cleanupVolumes);

const PENDING_XML =
  '<?xml version="1.0" encoding="utf-8"?>\r\n<PendingTransaction Version="3.1" WcpVersion="10.0.19041.1" Identifier="916ae75edb30da0146730000dc1be027"><Transactions/></PendingTransaction>';

describe('readPendingFiles (domain.md §6.1)', () => {
  it.each<[string, Record<string, string | null>, string, { pendingXml: boolean; pendingXmlPresent: boolean; rebootXmlPresent: boolean }]>([
    [
      'pending.xml',
      { 'Windows/WinSxS/pending.xml': PENDING_XML },
      'Windows',
      { pendingXml: true, pendingXmlPresent: true, rebootXmlPresent: false },
    ],
    [
      'reboot.xml only',
      { 'Windows/WinSxS/reboot.xml': '<x/>' },
      'Windows',
      { pendingXml: true, pendingXmlPresent: false, rebootXmlPresent: true },
    ],
    ['neither', { 'Windows/WinSxS/poqexec.log': 'x' }, 'Windows', { pendingXml: false, pendingXmlPresent: false, rebootXmlPresent: false }],
    [
      'any case',
      { 'WINDOWS/winsxs/Pending.XML': PENDING_XML },
      'WINDOWS',
      { pendingXml: true, pendingXmlPresent: true, rebootXmlPresent: false },
    ],
    [
      'a directory is not the file',
      { 'Windows/WinSxS/pending.xml': null },
      'Windows',
      { pendingXml: false, pendingXmlPresent: false, rebootXmlPresent: false },
    ],
    [
      'empty pending.xml still counts',
      { 'Windows/WinSxS/pending.xml': '' },
      'Windows',
      { pendingXml: true, pendingXmlPresent: true, rebootXmlPresent: false },
    ],
  ])('%s', (_n, layout, windir, expected) => {
    const r = readPendingFiles(new VolumeFs(makeVolume(layout)), windir);
    expect(r).toMatchObject(expected);
    expect(r.evidence).toHaveLength(2);
    expect(r.evidence[0]).toMatchObject({
      source: 'file',
      detail: expected.pendingXmlPresent ? expect.stringMatching(/^present/) : 'not present',
    });
  });

  it('evidence uses the on-disk spelling', () => {
    const r = readPendingFiles(new VolumeFs(makeVolume({ 'WINDOWS/winsxs/Pending.XML': PENDING_XML })), 'WINDOWS');
    expect(r.evidence[0]).toMatchObject({ path: 'WINDOWS\\winsxs\\Pending.XML', detail: `present (${PENDING_XML.length} bytes)` });
  });
});
