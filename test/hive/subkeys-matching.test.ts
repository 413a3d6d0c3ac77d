// Key.subkeysMatching finds a few subkeys among many by name (lh hashes) and by name prefix (binary search of
// the sorted subkey list), reading only their key nodes: server roles look for six services and the ADAM_
// instances of AD LDS among the 700-odd services of a SYSTEM hive. It must answer exactly what filtering
// subkeys() answers on every real hive, read far less of the file than reading every name, find a prefix
// across the leaves of an `ri`, and, where a list proves out of name order, read every name instead.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hive, HiveError, type Key, openHive, upcase } from '../../src/hive';
import { walkKeys } from '../../src/hive/walk';
import { buildHive, key, type KeySpec } from '../../src/sample/hive-builder';
import { CORPUS_MISSING, corpusDir, corpusPath, unparsedCorpusFiles } from '../support/corpus';
import { mutateHive } from '../support/hive-mutations';

const corpus = corpusDir();
if (!corpus) console.warn(CORPUS_MISSING);

const ORDER_WARNING = 'subkey list is not in name order; every subkey name was read';

/** What subkeysMatching must answer, by reading every child. */
function filtered(key: Key, names: readonly string[], prefixes: readonly string[]): string[] {
  return key
    .subkeys()
    .map((k) => k.name)
    .filter((n) => names.some((w) => upcase(w) === upcase(n)) || prefixes.some((p) => upcase(n).startsWith(upcase(p))));
}

/** Names and prefixes to look for under `key`, taken from its own children (and some that match nothing). */
function probesFor(children: string[]): { names: string[]; prefixes: string[] } {
  const names = children.filter((_, i) => i % 5 === 0).map((n, i) => (i % 2 === 0 ? n.toLowerCase() : n));
  const middle = children[children.length >> 1];
  return {
    names: [...names, 'NoSuchSubkey'],
    prefixes: [children[0].slice(0, 2), middle.slice(0, 3).toLowerCase(), 'ADAM_', '\u00ff\u00ff'],
  };
}

/** For every key with children (up to `limit` keys): subkeysMatching's names, then what filtering gives. */
function compareOnEveryKey(name: string, bytes: Buffer, limit = 4000): { ours: string[]; reference: string[]; warnings: string[] } {
  const ours: string[] = [];
  const reference: string[] = [];
  const hive = new Hive(name, bytes);
  const whole = new Hive(name, bytes);
  let seen = 0;
  for (const k of walkKeys(whole.root)) {
    const children = k.subkeys().map((c) => c.name);
    if (children.length === 0) continue;
    if (++seen > limit) break;
    const { names, prefixes } = probesFor(children);
    const mine = hive.key(k.relativePath);
    ours.push(`${k.path}: ${JSON.stringify(mine?.subkeysMatching(names, prefixes).map((c) => c.name))}`);
    reference.push(`${k.path}: ${JSON.stringify(filtered(k, names, prefixes))}`);
  }
  return { ours, reference, warnings: hive.warnings.map((w) => w.message) };
}

/** The bytes of a built hive whose list under "Services" is `names` (sorted by the builder). */
function servicesHive(names: string[], opts: { maxLeafEntries?: number; minorVersion?: 3 | 5 } = {}): Buffer {
  const root: KeySpec = key(
    'ROOT',
    [],
    [
      key(
        'Services',
        [],
        names.map((n) => key(n)),
      ),
    ],
  );
  return Buffer.from(buildHive(root, opts));
}

describe.skipIf(!corpus)('Key.subkeysMatching on real hives', () => {
  it('answers what filtering subkeys() answers, for every key, and finds the lists in name order', () => {
    for (const file of ['regipy/SYSTEM_WIN_10_1709', 'ericzimmerman-registry/SAM', 'yarp/tests/TruncatedNameHive']) {
      const { ours, reference, warnings } = compareOnEveryKey(file, readFileSync(corpusPath(file)));
      expect(ours.length, file).toBeGreaterThan(0);
      expect(ours, file).toEqual(reference);
      expect(warnings, file).not.toContain(ORDER_WARNING);
    }
  });

  it('reads a small part of what reading every service name reads', () => {
    const path = corpusPath('regipy/SYSTEM_WIN_10_1709');
    const names = ['CertSvc', 'dhcp', 'WsusService'];
    const prefixes = ['ADAM_', 'Tcp'];

    const lazy = openHive(path);
    const services = lazy.key('ControlSet001\\Services');
    const before = lazy.bytesRead;
    const found = services?.subkeysMatching(names, prefixes).map((k) => k.name);
    const matching = lazy.bytesRead - before;

    const all = openHive(path);
    const everyService = all.key('ControlSet001\\Services');
    const beforeAll = all.bytesRead;
    const reference = everyService ? filtered(everyService, names, prefixes) : [];
    const reading = all.bytesRead - beforeAll;

    expect(found).toEqual(reference);
    expect(found).toEqual(['Dhcp', 'Tcpip', 'Tcpip6', 'TCPIP6TUNNEL', 'tcpipreg', 'TCPIPTUNNEL']);
    expect(everyService?.subkeys()).toHaveLength(737);
    // Read in 64 KiB chunks; measured: 512 KiB against 1.25 MiB.
    expect(matching).toBeLessThan(reading / 2);
  });
});

describe('Key.subkeysMatching on built hives', () => {
  const services = [
    ...Array.from({ length: 1500 }, (_, i) => `Svc${String(i).padStart(4, '0')}`),
    'ADAM',
    'ADAMS',
    'ADAM_Instance1',
    'adam_instance2',
    'Adam_Third',
    'ADA',
    'AD',
    'CertSvc',
    'ZZZ',
  ];

  it('finds a prefix and names across the leaves of an index root, in list order', () => {
    for (const maxLeafEntries of [7, 40, 1012]) {
      const hive = new Hive('built', servicesHive(services, { maxLeafEntries }));
      const key = hive.key('Services');
      expect(key?.subkeysMatching(['certsvc', 'svc0777', 'zzz'], ['ADAM_']).map((k) => k.name)).toEqual([
        'ADAM_Instance1',
        'adam_instance2',
        'Adam_Third',
        'CertSvc',
        'Svc0777',
        'ZZZ',
      ]);
      expect(key?.subkeysMatching([], ['AD']).map((k) => k.name)).toEqual([
        'AD',
        'ADA',
        'ADAM',
        // "S" (0x53) sorts before "_" (0x5F).
        'ADAMS',
        'ADAM_Instance1',
        'adam_instance2',
        'Adam_Third',
      ]);
      expect(key?.subkeysMatching([], ['Svc14']).map((k) => k.name)).toHaveLength(100);
      expect(key?.subkeysMatching(['nothing'], ['nothing'])).toEqual([]);
      expect(hive.warnings).toEqual([]);
    }
  });

  it('reads every entry of lists without hashes (lf leaves of a version 1.3 hive)', () => {
    const hive = new Hive('built', servicesHive(services, { minorVersion: 3, maxLeafEntries: 100 }));
    expect(
      hive
        .key('Services')
        ?.subkeysMatching(['CertSvc'], ['adam_'])
        .map((k) => k.name),
    ).toEqual(['ADAM_Instance1', 'adam_instance2', 'Adam_Third', 'CertSvc']);
  });

  it('reads every name, with a warning, where the list proves out of name order', () => {
    const { bytes, items } = hiveWithLeafOf65();
    // The leaf's entries reversed: Z..A instead of A..Z.
    const entries = Array.from({ length: 65 }, (_, i) => Buffer.from(bytes.subarray(items + i * 8, items + 8 + i * 8)));
    entries.reverse().forEach((entry, i) => {
      entry.copy(bytes, items + i * 8);
    });
    expectFoundWithWarning(bytes);
  });

  it('reads every name, with a warning, where the binary search meets an unreadable entry', () => {
    const { bytes, items } = hiveWithLeafOf65();
    // The first probe of 65 entries is entry 32: its key node reference now points into the middle of a cell.
    bytes.writeUInt32LE(bytes.readUInt32LE(items + 32 * 8) + 4, items + 32 * 8);
    expectFoundWithWarning(bytes);
  });
});

/** A hive whose Services list is one lh leaf of 65 entries (K00..K63 and ADAM_Hidden); where its items start. */
function hiveWithLeafOf65(): { bytes: Buffer; items: number } {
  const names = Array.from({ length: 64 }, (_, i) => `K${String(i).padStart(2, '0')}`);
  const bytes = servicesHive([...names, 'ADAM_Hidden']);
  // "lh", count 65, then 8-byte items.
  const at = bytes.indexOf(Buffer.from([0x6c, 0x68, 65, 0]));
  expect(at).toBeGreaterThan(0);
  return { bytes, items: at + 4 };
}

/** ADAM_Hidden is found under Services, and the hive says the list was read whole. */
function expectFoundWithWarning(bytes: Buffer): void {
  const hive = new Hive('damaged list', bytes);
  expect(
    hive
      .key('Services')
      ?.subkeysMatching([], ['ADAM_'])
      .map((k) => k.name),
  ).toEqual(['ADAM_Hidden']);
  expect(hive.warnings.map((w) => w.message)).toContain(ORDER_WARNING);
}

describe.skipIf(!corpus)('Key.subkeysMatching on damaged hives', () => {
  it('never throws and answers only subkeys that filtering subkeys() answers', () => {
    const files = ['ericzimmerman-registry/SAM', 'yarp/tests/TruncatedNameHive', ...unparsedCorpusFiles(2 * 1024 * 1024)];
    let compared = 0;
    for (const file of files) {
      const original = readFileSync(corpusPath(file));
      for (let seed = 1; seed <= (file.includes('SAM') ? 60 : 3); seed++) {
        const bytes = mutateHive(original, seed).bytes;
        let result: { ours: string[]; reference: string[] };
        try {
          result = compareOnEveryKey(`${file}#${seed}`, bytes, 400);
        } catch (err) {
          if (err instanceof HiveError) continue;
          throw err;
        }
        result.ours.forEach((line, i) => {
          const [path, list] = [line.slice(0, line.indexOf(': ')), JSON.parse(line.slice(line.indexOf(': ') + 2)) ?? []];
          const reference: string[] = JSON.parse(result.reference[i].slice(result.reference[i].indexOf(': ') + 2));
          expect(result.reference[i].startsWith(`${path}: `)).toBe(true);
          for (const name of list as string[]) expect(reference, `${file}#${seed} ${path}`).toContain(name);
          compared++;
        });
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
