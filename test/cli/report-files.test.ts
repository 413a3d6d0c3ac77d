// Why report files could not be written, in words a technician can act on ("read-only medium", not ENOENT).
import { describe, expect, it } from 'vitest';
import { writeFailureText } from '../../src/cli/report-files';

const errno = (code: string) => Object.assign(new Error(`${code}: raw message`), { code });

describe('writeFailureText', () => {
  it.each([
    ['EROFS', /^the medium is read-only .*\(EROFS\)$/],
    ['ENOSPC', /^the medium is full \(ENOSPC\)$/],
    ['EACCES', /^access denied \(EACCES\)$/],
    ['ENOENT', /^the folder cannot be created here/],
    ['EIO', /^input\/output error on the medium \(EIO\)$/],
  ])('%s', (code, text) => {
    expect(writeFailureText(errno(code))).toMatch(text);
  });

  it('an unknown errno keeps the message', () => {
    expect(writeFailureText(errno('EWEIRD'))).toBe('EWEIRD: raw message');
  });
});
