// Real BCD stores from the corpus decoded and checked against hivex, read independently: every object,
// its type and every element's stored bytes; plus stores built here whose values are hostile.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHive } from '../../src/hive';
import { readBcdStore, type BcdElement } from '../../src/bcd/store';
import { runCli } from '../support/cli';
import { corpusDir, corpusPath } from '../support/corpus';
import { buildHiveFile, key, REG, v } from '../../src/sample/hive-builder';
import { hivexAvailable, hivexDump } from '../support/hivex';

const STORES = ['regipy/BCD', 'ericzimmerman-registry/BCD', 'dfirartifactmuseum/Registry/Win10/BCD-Template'];
const tmp = mkdtempSync(join(tmpdir(), 'preflight-bcd-'));

/** The registry bytes an element decoded from, re-encoded as hivex shows them (hex of the raw data). */
function utf16z(s: string): string {
  return Buffer.from(`${s}\0`, 'utf16le').toString('hex');
}

describe.skipIf(!corpusDir())('real BCD stores', () => {
  it.each(STORES)('%s: objects, types and elements agree with hivex', (rel) => {
    if (!hivexAvailable()) return;
    const file = corpusPath(rel);
    const store = readBcdStore(openHive(file));
    const dump = hivexDump(file);
    const objectKeys = dump.filter((k) => /^\\Objects\\[^\\]+$/i.test(k.path));
    expect(store.objects.map((o) => o.id).sort()).toEqual(objectKeys.map((k) => k.path.split('\\')[2].toLowerCase()).sort());
    expect(store.problems).toEqual([]);
    for (const o of store.objects) {
      const desc = dump.find((k) => k.path.toLowerCase() === `\\objects\\${o.id}\\description`)!;
      const typeValue = desc.values.find((x) => x.name === 'Type')!;
      expect(o.type, o.id).toBe(Buffer.from(typeValue.data, 'hex').readUInt32LE(0));
      const elementKeys = dump.filter((k) => k.path.toLowerCase().startsWith(`\\objects\\${o.id}\\elements\\`));
      expect(o.elements.map((e) => e.id).sort(), o.id).toEqual(elementKeys.map((k) => k.path.split('\\')[4].toLowerCase()).sort());
      for (const e of o.elements) {
        const stored = elementKeys.find((k) => k.path.toLowerCase().endsWith(`\\${e.id}`))!.values.find((x) => x.name === 'Element')!;
        expect(e.problem, `${o.id} ${e.id}`).toBeNull();
        expectSameBytes(e, stored.data);
      }
    }
  });

  it('regipy/BCD: the boot manager, its default Windows 10 loader on a GPT partition, Windows RE on a ramdisk', () => {
    const store = readBcdStore(openHive(corpusPath('regipy/BCD')));
    const bootmgr = store.objects.find((o) => o.alias === '{bootmgr}')!;
    const byName = (o: typeof bootmgr, name: string) => o.elements.find((e) => e.name === name)?.value;
    expect(bootmgr.typeName).toBe('Windows Boot Manager');
    const defaultId = byName(bootmgr, 'default') as string;
    const loader = store.objects.find((o) => o.id === defaultId)!;
    expect(loader).toMatchObject({ typeName: 'Windows Boot Loader', description: 'Windows 10' });
    expect(byName(loader, 'systemroot')).toBe('\\Windows');
    expect(byName(loader, 'osdevice')).toEqual({
      associated: null,
      device: {
        kind: 'partition',
        style: 'gpt',
        partitionGuid: '{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}',
        diskGuid: '{0b2394a9-095e-487d-8d48-719ecd4d78ca}',
      },
    });
    expect(byName(bootmgr, 'displayorder')).toEqual([defaultId]);
    const recovery = store.objects.find((o) => o.id === (byName(loader, 'recoverysequence') as string[])[0])!;
    expect(recovery.description).toBe('Windows Recovery Environment');
    expect(byName(recovery, 'winpe')).toBe(true);
  });

  it('preflight bcd prints the store as bcdedit /enum all does, and --json the objects', () => {
    const text = runCli(['bcd', corpusPath('regipy/BCD')]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Windows Boot Manager\n--------------------\nidentifier              {bootmgr}\n');
    expect(text.stdout).toMatch(/^osdevice {16}partition \(GPT disk \{0b2394a9-095e-487d-8d48-719ecd4d78ca\}, partition \{8e0f2c38-/m);
    const json = JSON.parse(runCli(['bcd', corpusPath('regipy/BCD'), '--json']).stdout) as {
      objects: { id: string; description: string | null; elements: Record<string, { type: string }> }[];
    };
    expect(json.objects.find((o) => o.id === '{9dea862c-5cdd-4e70-acc1-f32b344d4795}')).toMatchObject({
      description: 'Windows Boot Manager',
      elements: { timeout: { type: '25000004' } },
    });
    for (const o of json.objects) expect(o.id).toMatch(/^\{[0-9a-f-]{36}\}$/);
  });
});

function expectSameBytes(e: BcdElement, storedHex: string): void {
  switch (e.format) {
    case 'string':
      expect(Buffer.from(storedHex, 'hex').toString('utf16le').replace(/\0+$/, '')).toBe(e.value);
      break;
    case 'object':
      expect(storedHex.toLowerCase()).toBe(utf16z(e.value as string));
      break;
    case 'integer':
      expect(BigInt(e.value as number)).toBe(Buffer.from(storedHex.padEnd(16, '0'), 'hex').readBigUInt64LE(0));
      break;
    case 'boolean':
      expect(e.value).toBe(Buffer.from(storedHex, 'hex')[0] !== 0);
      break;
    default:
      break; // devices: byte-exact in device.test.ts; lists: compared through the decoded GUIDs above
  }
}

describe('hostile stores degrade, never throw', () => {
  it('wrong registry types, short values, unknown formats and a missing type become problems', () => {
    const file = join(tmp, 'hostile-BCD');
    const element = (id: string, value: ReturnType<typeof v.sz>) => key(id, [{ ...value, name: 'Element' }]);
    buildHiveFile(
      file,
      key(
        'ROOT',
        [],
        [
          key(
            'Objects',
            [],
            [
              key(
                '{9dea862c-5cdd-4e70-acc1-f32b344d4795}',
                [],
                [
                  key('Description', [v.dword('Type', 0x10100002)]),
                  key(
                    'Elements',
                    [],
                    [
                      element('12000004', v.dword('x', 5)), // description as a DWORD
                      element('25000004', v.binary('x', [])), // timeout with no bytes
                      element('23000003', v.sz('x', 'not a guid')), // default that is no object id
                      element('11000001', v.binary('x', [1, 2, 3])), // device far too short
                      element('24000001', v.multiSz('x', ['{1cae1eb7-a0df-4d4d-9851-4860e34ef535}', 'junk'])),
                      element('7f000001', v.raw('x', REG.BINARY, [9])), // format 15: unknown
                      element('zz', v.sz('x', 'not an element key')),
                    ],
                  ),
                ],
              ),
              key('{00000000-0000-0000-0000-000000000001}', [], [key('Elements')]),
            ],
          ),
        ],
      ),
    );
    const store = readBcdStore(openHive(file));
    const bootmgr = store.objects.find((o) => o.alias === '{bootmgr}')!;
    const get = (id: string) => bootmgr.elements.find((e) => e.id === id)!;
    expect(get('12000004')).toMatchObject({ value: null, problem: 'expected REG_SZ, found REG_DWORD' });
    expect(bootmgr.description).toBeNull();
    expect(get('25000004')).toMatchObject({ value: null, problem: expect.stringMatching(/expected 1-8 bytes/) });
    expect(get('23000003')).toMatchObject({ value: null, problem: "not an object id: 'not a guid'" });
    expect(get('11000001').value).toMatchObject({ device: { kind: 'unknown' } });
    expect(get('24000001')).toMatchObject({ value: ['{1cae1eb7-a0df-4d4d-9851-4860e34ef535}'], problem: '1 item(s) are not object ids' });
    expect(get('7f000001')).toMatchObject({ format: 'unknown', value: null, problem: expect.stringMatching(/unknown element format 15/) });
    expect([...store.problems].sort()).toEqual([
      '{00000000-0000-0000-0000-000000000001}: no DWORD Description\\Type',
      "{9dea862c-5cdd-4e70-acc1-f32b344d4795}: element key 'zz' is not 8 hex digits",
    ]);
    // The CLI prints it all, exit 0.
    const r = runCli(['bcd', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(unreadable: expected REG_SZ, found REG_DWORD)');
  });

  it('a hive that is no BCD store says so; preflight bcd calls it bad input (exit 4) in one line', () => {
    const file = join(tmp, 'not-bcd');
    buildHiveFile(file, key('ROOT', [], [key('Software')]));
    expect(readBcdStore(openHive(file)).problems).toEqual(['no Objects key: not a BCD store']);
    for (const extra of [[], ['--json']]) {
      const r = runCli(['bcd', file, ...extra]);
      expect(r.status).toBe(4);
      expect(r.stderr).toBe(`preflight: ${file}: a registry hive, but not a BCD store (it has no Objects key)\n`);
    }
  });

  it('ids and texts from the disk: no JavaScript internals, no terminal controls, no element lost to a key differing in case', () => {
    const file = join(tmp, 'proto-BCD');
    const element = (id: string, value: ReturnType<typeof v.sz>) => key(id, [{ ...value, name: 'Element' }]);
    const loader = (id: string, description: string, extra: ReturnType<typeof key>[] = []) =>
      key(
        id,
        [],
        [key('Description', [v.dword('Type', 0x10200003)]), key('Elements', [], [element('12000004', v.sz('x', description)), ...extra])],
      );
    buildHiveFile(
      file,
      key(
        'ROOT',
        [],
        [
          key(
            'Objects',
            [],
            [
              loader('constructor', 'ctor \x1b[31mred\x1b[0m'),
              loader('__proto__', 'proto\rVerdict: READY'),
              loader('toString', 'bidi \u202egnp.exe', [
                element('12000002', v.sz('x', '\\upper.efi')),
                element('1200000A', v.sz('x', 'upper case')),
                element('1200000B', v.sz('x', 'lower case')),
              ]),
            ],
          ),
        ],
      ),
    );
    // The builder (rightly) refuses two names that differ only in case; a hostile disk has them: rename in place.
    const bytes = readFileSync(file);
    const at = bytes.indexOf('1200000B', 0, 'latin1');
    expect(at).toBeGreaterThan(0);
    bytes.write('1200000a', at, 'latin1');
    writeFileSync(file, bytes);
    const store = readBcdStore(openHive(file));
    expect(store.objects.map((o) => [o.id, o.alias])).toEqual(
      expect.arrayContaining([
        ['constructor', null],
        ['__proto__', null],
        ['toString', null],
      ]),
    );
    const ts = store.objects.find((o) => o.id === 'toString')!;
    expect(ts.elements.filter((e) => e.id.toLowerCase() === '1200000a')).toHaveLength(1);
    expect(store.problems).toContain('toString: element 1200000a appears twice (keys that differ only in case); the first is shown');

    const text = runCli(['bcd', file]);
    expect(text.status).toBe(0);
    expect(text.stdout).not.toMatch(/[\x1b\r\u202e]|function|native code|\[object/u);
    expect(text.stdout).toMatch(/^identifier {14}constructor$/m);
    expect(text.stdout).toMatch(/^identifier {14}__proto__$/m);
    expect(text.stdout).toContain('proto Verdict: READY');
    const json = runCli(['bcd', file, '--json']);
    expect(json.stdout).not.toMatch(/\\u001b|\\r|\u202e/u);
    const parsed = JSON.parse(json.stdout) as { objects: { id: string; alias: string | null; description: string }[] };
    expect(parsed.objects.find((o) => o.id === '__proto__')).toMatchObject({ alias: null, description: 'proto Verdict: READY' });
  });
});
