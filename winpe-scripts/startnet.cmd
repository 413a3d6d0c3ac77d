@echo off
rem preflight's %SYSTEMROOT%\System32\startnet.cmd for WinPE (put into boot.wim by make-stick.ps1).
rem
rem Runs wpeinit, finds the preflight stick, runs `preflight check` on every drive letter but X: and the stick,
rem writes the reports to the stick, and says what to do next. It fails CLOSED: only exit code 0 means ready.
rem A crashed program exits with a negative NTSTATUS (e.g. -1073741515, a missing DLL), which no
rem `if errorlevel N` test catches, so every code is compared exactly and anything unknown stops the line.
rem
rem Keep this file's CRLF line endings (.gitattributes does): cmd misreads labels in a file with LF endings.
setlocal EnableExtensions

wpeinit

rem -- Find the stick. Drive letters change at every boot, so it is found by what it holds:
rem    1. the folder this script runs from, when it is on the stick beside preflight.exe;
rem    2. else the drive with \preflight\preflight.exe and the marker \preflight\preflight-stick.txt
rem       (written by make-stick.ps1) that is not a Windows volume: a copy of preflight on the disk being
rem       inspected must never be run, nor receive the reports.
set "PFDIR="
if exist "%~dp0preflight.exe" if exist "%~dp0preflight-stick.txt" set "PFDIR=%~dp0"
if defined PFDIR goto :found
for %%D in (C D E F G H I J K L M N O P Q R S T U V W Y Z) do (
  if not defined PFDIR if exist "%%D:\preflight\preflight.exe" if exist "%%D:\preflight\preflight-stick.txt" if not exist "%%D:\Windows\System32\config\SYSTEM" set "PFDIR=%%D:\preflight\"
)
if not defined PFDIR (
  echo preflight: no stick found ^(a drive with \preflight\preflight.exe and \preflight\preflight-stick.txt^).
  echo RESULT: NO-STICK
  exit /b 1
)

:found
set "REPORTS=%PFDIR%reports"
rem preflight writes each run into a new folder REPORTS\COMPUTER_yyyymmdd-hhmmssZ named after the
rem offline computer it inspected; an earlier run is never overwritten.
"%PFDIR%preflight.exe" check --out "%REPORTS%"
set "RC=%ERRORLEVEL%"

rem 0 ready, 1 ready with warnings, 2 blocked, 4 bad input, 5 usage error, 6 internal error,
rem 7 report not written (the check ran; its verdict is on screen, but the stick is full or read-only).
if %RC% equ 0 goto :ready
if %RC% equ 1 goto :warnings
if %RC% equ 2 goto :blocked
if %RC% equ 4 goto :badinput
if %RC% equ 5 goto :usage
if %RC% equ 7 goto :noreport
goto :failed

:ready
echo.
echo RESULT: READY - every installation may be captured. Reports: %REPORTS%
exit /b 0

:warnings
echo.
echo RESULT: WARNINGS - may be captured; read the warnings above first. Reports: %REPORTS%
exit /b 0

:blocked
echo.
echo RESULT: BLOCKED - do not capture. The findings and their fixes are above and in %REPORTS%
exit /b 0

:badinput
echo.
echo RESULT: NOTHING-INSPECTED - no Windows installation could be read (see the message above).
exit /b 0

:usage
echo.
echo RESULT: SCRIPT-ERROR - preflight was called wrongly (exit %RC%): check startnet.cmd.
exit /b 0

:noreport
echo.
echo RESULT: REPORT-NOT-WRITTEN - the verdict is above, but no report could be written to %REPORTS%
echo (stick full or write-protected). Free the stick and run it again before capturing.
exit /b 0

:failed
echo.
echo RESULT: FAILED - preflight did not finish (exit code %RC%). Do not capture. Run it again with --debug
echo and keep the output; reports, if any, are in %REPORTS%
exit /b 0
