/* Test stand-in, never shipped: WinPE's wpeinit.exe (plug and play, network, unattend) does nothing a test
 * can use, so this one only says it ran. It must be a program, not a .cmd: cmd would not come back to
 * startnet.cmd after running a batch file without CALL, and the real wpeinit is an .exe. */
#include <stdio.h>

int main(void) {
  puts("wpeinit (test stand-in) ran");
  return 0;
}
