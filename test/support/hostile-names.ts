// Names, descriptions and computer names as a hostile disk or a careless paste would supply them: each
// one tries a way out of a quoted argument in cmd, PowerShell or a POSIX shell. The paste tests (cmd under
// wine, sh here) run every printed command with them and compare what the program received.

/** Plain ASCII: what a batch file under wine carries byte for byte. */
export const HOSTILE_ASCII = [
  'Windows 11 Pro',
  'a & echo pwned> S:\\pwned.txt',
  'a && echo pwned> S:\\pwned.txt',
  'a | echo pwned> S:\\pwned.txt',
  'a > S:\\pwned.txt',
  '< S:\\nothing.txt',
  'caret ^& amp ^^',
  '(paren) & (echo pwned> S:\\pwned.txt)',
  'trailing backslash \\',
  'two trailing \\\\',
  'mid \\" quote',
  'a"b & echo pwned> S:\\pwned.txt',
  '"& echo pwned> S:\\pwned.txt & "',
  '%PREFLIGHT_FUZZ%',
  '%PATH%x',
  '!PREFLIGHT_FUZZ!',
  '--dereference',
  "it's $(echo pwned) `echo pwned` ; echo pwned",
  '$HOME ${PATH} \\$x',
  'semi;colon, comma=equals',
  'tab\there',
  '@echo off',
  '/Name:other',
] as const;

/** Beyond ASCII: typographic quotes (PowerShell's quote characters), non-Latin letters, controls, bidi. */
export const HOSTILE_UNICODE = [
  'Zürich — Ref ü',
  'smart \u2018quote\u2019 and \u201bthird\u201a',
  "mixed ' and \u2019",
  'line\nbreak & echo pwned',
  'cr\rreturn',
  'esc \x1b[2J clear',
  'bidi \u202egnp.exe',
  'zero\u200bwidth',
  'nul \x00 byte',
] as const;

export const HOSTILE_NAMES: readonly string[] = [...HOSTILE_ASCII, ...HOSTILE_UNICODE];
