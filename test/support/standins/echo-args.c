/* Test stand-in, never shipped: prints the arguments it received, one a line, each as the hex of its
 * UTF-16LE code units, split from its command line by CommandLineToArgvW (the rules a program built with
 * the C runtime, Dism.exe among them, uses). A test pastes a printed command into cmd with this program in
 * the place of the engine and compares what arrives with what preflight meant to pass. */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>

int main(void) {
  int argc = 0;
  LPWSTR *argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  if (argv == NULL) return 2;
  for (int i = 1; i < argc; i++) {
    for (const wchar_t *p = argv[i]; *p; p++) printf("%04x", (unsigned)*p);
    printf("\n");
  }
  return 0;
}
