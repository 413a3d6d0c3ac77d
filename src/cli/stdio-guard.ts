// Imported first by main.ts, before yargs (whose set-up reads process.stdout.columns). Under wine, a
// Windows program whose stdout or stderr is a Unix pipe gets a handle node cannot open as a stream: the
// first touch of process.stdout throws EBADF, a stack trace before preflight has said a word. preflight
// writes its output with fs.writeSync (output.ts), which needs no stream; a stream that cannot be made is
// replaced by one that discards, so that nothing else that touches it can crash the run.
import { Writable } from 'node:stream';

for (const name of ['stdout', 'stderr'] as const) {
  try {
    void process[name];
  } catch {
    const sink = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), {
      isTTY: false,
      fd: name === 'stdout' ? 1 : 2,
    });
    Object.defineProperty(process, name, { value: sink, configurable: true, writable: true });
  }
}
