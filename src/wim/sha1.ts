// SHA-1 for WIM hashes. node:crypto is loaded at the first hash, not at start: it brings OpenSSL's set-up,
// milliseconds that a `check` of a folder (which hashes nothing) need not spend. Node keeps the module once
// loaded, so later hashes cost a lookup.
import type * as Crypto from 'node:crypto';

export function sha1(): Crypto.Hash {
  return (require('node:crypto') as typeof Crypto).createHash('sha1');
}
