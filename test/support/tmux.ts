// A real terminal for the guided run: a tmux server of its own (one socket per session, so tests never
// see each other's windows) runs a command in a window of a given size; keys are sent as a technician
// types them, the screen is read back with capture-pane. Waiting polls the screen until the text appears
// or a generous timeout passes — a fixed sleep is never the assertion. The deadlines are for a machine busy
// with other work, where starting node and reading a volume can take many seconds.
import { spawnSync } from 'node:child_process';

let count = 0;

/** Quotes one argument for sh. */
export function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export const haveTmux = !spawnSync('tmux', ['-V']).error;

export interface TmuxOptions {
  width?: number;
  height?: number;
  env?: Record<string, string>;
}

export class Tmux {
  readonly socket: string;
  private killed = false;

  /**
   * Runs `argv` in a new window. When it ends, the shell prints "exited N" and the terminal's modes
   * (`modes: icanon echo`, from `stty -a`), then waits, so that the window stays to be read.
   */
  constructor(argv: string[], o: TmuxOptions = {}) {
    this.socket = `preflight-guided-${process.pid}-${++count}`;
    const env = Object.entries({ NO_COLOR: '1', ...o.env }).map(([k, v]) => `${k}=${shellQuote(v)}`);
    // `trap : INT`: a Ctrl+C that reaches the terminal's process group as SIGINT (wine's console leaves the
    // terminal's signals on) must end the program, not this shell that reports how it ended; the program
    // itself gets SIGINT's default action back when it starts.
    const script = `trap : INT; env ${env.join(' ')} ${argv.map(shellQuote).join(' ')}; echo "exited $?"; echo "modes: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' ')"; exec sleep 3600`;
    this.tmux(['new-session', '-d', '-x', String(o.width ?? 80), '-y', String(o.height ?? 25), 'sh', '-c', script]);
  }

  private tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** The visible screen, one string per row (trailing spaces trimmed). */
  rows(): string[] {
    return this.tmux(['capture-pane', '-p']).replace(/\n$/, '').split('\n');
  }

  screen(): string {
    return this.rows().join('\n');
  }

  /** The screen with its colours and attributes as escape codes (capture-pane -e). */
  screenWithCodes(): string {
    return this.tmux(['capture-pane', '-p', '-e']);
  }

  /** Keys by tmux name: Enter, Escape, Up, Down, NPage, C-c, or a single character. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', ...keys]);
  }

  /** Text typed literally. */
  type(text: string): void {
    this.tmux(['send-keys', '-l', text]);
  }

  resize(width: number, height: number): void {
    this.tmux(['resize-window', '-x', String(width), '-y', String(height)]);
  }

  /** The pane's state: alternate screen on, cursor shown, size. */
  pane(): { alternate: boolean; cursor: boolean; width: number; height: number } {
    const [alt, cur, w, h] = this.tmux(['display-message', '-p', '#{alternate_on} #{cursor_flag} #{pane_width} #{pane_height}'])
      .trim()
      .split(' ');
    return { alternate: alt === '1', cursor: cur === '1', width: Number(w), height: Number(h) };
  }

  /** Polls the screen until `what` shows (a string, a pattern, or a test of the screen); returns that screen, or throws showing the last one. */
  async waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs = 90_000): Promise<string> {
    const t0 = Date.now();
    for (;;) {
      const s = this.screen();
      if (typeof what === 'string' ? s.includes(what) : typeof what === 'function' ? what(s) : what.test(s)) return s;
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the command to end; its exit code. */
  async exitCode(timeoutMs = 90_000): Promise<number> {
    const s = await this.waitFor(/^exited \d+\nmodes: /m, timeoutMs);
    return Number(/^exited (\d+)$/m.exec(s)![1]);
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
