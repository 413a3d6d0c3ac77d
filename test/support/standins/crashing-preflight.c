/* Test stand-in, never shipped: a "preflight.exe" that dies the way a Windows program does when a DLL is
 * missing, with the NTSTATUS STATUS_DLL_NOT_FOUND (0xC0000135) as its exit code — -1073741515 as cmd's
 * %ERRORLEVEL% shows it. startnet.cmd must treat it as a failure, never as ready. Built with mingw-w64. */
#include <windows.h>

int main(void) {
  ExitProcess(0xC0000135u);
  return 0;
}
