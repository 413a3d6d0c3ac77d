// Imported first by main.ts. preflight writes its output with fs.writeSync (console-output.ts), which needs no
// stream; process.stdout and process.stderr are made only when something asks for them (the guided screens),
// and each is guarded then, not at every start: making one loads node's stream and socket code and costs a
// few milliseconds that `hive stats` or `check` never needed.
// - Under wine, a Windows program whose stdout or stderr is a Unix pipe gets a handle node cannot open as a
//   stream: making the stream throws EBADF, a stack trace before preflight has said a word. A stream that
//   cannot be made is replaced by one that discards, so that nothing that touches it can crash the run.
// - A stream whose handle is gone (a closed stderr, a pipe whose reader quit) reports it as an 'error' event:
//   without a listener that is an uncaught exception with a stack trace. Nothing more can be said there.
import type { Writable } from 'node:stream';

for (const name of ['stdout', 'stderr'] as const) {
  const own = Object.getOwnPropertyDescriptor(process, name);
  const make = own?.get;
  if (!make) {
    // Already a value (not node's lazy getter): guard it as it is.
    guarded(name, () => process[name]);
    continue;
  }
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable,
    get: () => {
      stream ??= guarded(name, () => make.call(process));
      return stream;
    },
  });
}

/** The stream `make` gives (or a sink where it throws), with a listener for its 'error' events. */
function guarded(name: 'stdout' | 'stderr', make: () => NodeJS.WriteStream): NodeJS.WriteStream {
  let stream: NodeJS.WriteStream;
  try {
    stream = make();
  } catch {
    stream = sink(name);
    Object.defineProperty(process, name, { value: stream, configurable: true, writable: true });
  }
  stream.on('error', () => {});
  return stream;
}

function sink(name: 'stdout' | 'stderr'): NodeJS.WriteStream {
  // Loaded here, in the rare case: node:stream is not otherwise needed at start.
  const { Writable: WritableStream } = require('node:stream') as { Writable: typeof Writable };
  return Object.assign(new WritableStream({ write: (_chunk, _encoding, done) => done() }), {
    isTTY: false,
    fd: name === 'stdout' ? 1 : 2,
  }) as unknown as NodeJS.WriteStream;
}
