// BCD element types: the 8-hex-digit key names under `Objects\{id}\Elements` (domain.md §5.1–5.2;
// ReactOS boot/environ/include/bcd.h). Bits 28-31: class (1 library, 2 application, 3 device, 4 OEM);
// bits 24-27: format, which says how the `Element` value is stored; bits 0-23: the element within its
// class. Application elements (class 2) mean different things per application type — 23000003 is the
// boot manager's `default` but an OS loader's `resumeobject` — so their names are looked up per type.
// Names are the ones `bcdedit /enum all` prints; an element without one prints as `custom:XXXXXXXX`, as
// bcdedit does.

export type ElementFormat = 'device' | 'string' | 'object' | 'object-list' | 'integer' | 'boolean' | 'integer-list' | 'unknown';

const FORMATS: Record<number, ElementFormat> = {
  1: 'device',
  2: 'string',
  3: 'object',
  4: 'object-list',
  5: 'integer',
  6: 'boolean',
  7: 'integer-list',
};

export function elementFormat(type: number): ElementFormat {
  return FORMATS[(type >>> 24) & 0xf] ?? 'unknown';
}

const LIBRARY: Record<number, string> = {
  0x11000001: 'device',
  0x12000002: 'path',
  0x12000004: 'description',
  0x12000005: 'locale',
  0x14000006: 'inherit',
  0x15000007: 'truncatememory',
  0x14000008: 'recoverysequence',
  0x16000009: 'recoveryenabled',
  0x1700000a: 'badmemorylist',
  0x1600000b: 'badmemoryaccess',
  0x15000011: 'debugtype',
  0x16000010: 'bootdebug',
  0x16000020: 'bootems',
  0x12000030: 'loadoptions',
  0x16000040: 'advancedoptions',
  0x16000041: 'optionsedit',
  0x16000046: 'graphicsmodedisabled',
  0x16000048: 'nointegritychecks',
  0x16000049: 'testsigning',
  0x16000060: 'isolatedcontext',
  0x15000065: 'displaymessage',
  0x15000066: 'displaymessageoverride',
  0x17000077: 'allowedinmemorysettings',
};

const BOOT_MANAGER: Record<number, string> = {
  0x24000001: 'displayorder',
  0x24000002: 'bootsequence',
  0x23000003: 'default',
  0x25000004: 'timeout',
  0x26000005: 'resume',
  0x23000006: 'resumeobject',
  0x24000010: 'toolsdisplayorder',
  0x26000020: 'displaybootmenu',
  0x26000021: 'noerrordisplay',
  0x21000022: 'bcddevice',
  0x22000023: 'bcdfilepath',
};

const OS_LOADER: Record<number, string> = {
  0x21000001: 'osdevice',
  0x22000002: 'systemroot',
  0x23000003: 'resumeobject',
  0x26000010: 'detecthal',
  0x22000011: 'kernel',
  0x22000012: 'hal',
  0x25000020: 'nx',
  0x25000021: 'pae',
  0x26000022: 'winpe',
  0x26000024: 'nocrashautoreboot',
  0x26000025: 'lastknowngood',
  0x25000080: 'safeboot',
  0x26000090: 'bootlog',
  0x26000091: 'sos',
  0x260000a0: 'debug',
  0x260000b0: 'ems',
  0x250000c2: 'bootmenupolicy',
  0x250000e0: 'bootstatuspolicy',
  0x250000f0: 'hypervisorlaunchtype',
};

const RESUME: Record<number, string> = {
  0x21000001: 'filedevice',
  0x22000002: 'filepath',
  0x26000003: 'customsettings',
  0x26000004: 'pae',
  0x21000005: 'associatedosdevice',
  0x26000006: 'debugoptionenabled',
  0x25000007: 'bootux',
  0x25000008: 'bootmenupolicy',
};

const MEMORY_TESTER: Record<number, string> = {
  0x25000001: 'passcount',
  0x25000002: 'testmix',
  0x25000003: 'failurecount',
  0x25000004: 'testtofail',
};

const DEVICE: Record<number, string> = {
  0x35000001: 'ramdiskimageoffset',
  0x35000002: 'ramdisktftpclientport',
  0x31000003: 'ramdisksdidevice',
  0x32000004: 'ramdisksdipath',
  0x35000005: 'ramdiskimagelength',
  0x36000006: 'exportascd',
  0x35000007: 'ramdisktftpblocksize',
  0x35000008: 'ramdisktftpwindowsize',
  0x36000009: 'ramdiskmcenabled',
  0x3600000a: 'ramdiskmctftpfallback',
};

const BY_APPLICATION: Record<number, Record<number, string>> = {
  1: BOOT_MANAGER, // the firmware boot manager shares the boot manager's elements (displayorder, timeout, …)
  2: BOOT_MANAGER,
  3: OS_LOADER,
  4: RESUME,
  5: MEMORY_TESTER,
};

/**
 * bcdedit's name of an element in an object whose elements follow `applicationType` (null: not an
 * application), or `custom:XXXXXXXX`.
 */
export function elementName(type: number, context: { applicationType: number | null; deviceObject: boolean }): string {
  const name = LIBRARY[type] ?? (context.deviceObject ? DEVICE[type] : BY_APPLICATION[context.applicationType ?? -1]?.[type]);
  return name ?? `custom:${type.toString(16).padStart(8, '0')}`;
}
