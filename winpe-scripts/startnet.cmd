@echo off
rem Sample %SYSTEMROOT%\System32\startnet.cmd for a WinPE stick that carries preflight.exe.
rem preflight inspects every drive letter except X: (WinPE's RAM disk) and the stick itself, and
rem writes its reports to the stick: X: is lost at reboot, the inspected volume is never written.
wpeinit

rem Find the stick: the drive that holds \preflight\preflight.exe (letters change every boot).
set STICK=
for %%D in (C D E F G H I J K L M N O P Q R S T U V W Y Z) do (
  if exist %%D:\preflight\preflight.exe if not defined STICK set STICK=%%D:
)
if not defined STICK (
  echo preflight.exe not found on any drive.
  goto :shell
)

set LOGDIR=%STICK%\preflight\logs\%COMPUTERNAME%
%STICK%\preflight\preflight.exe check --out "%LOGDIR%"

rem Exit codes rise with how far the outcome is from "go ahead" (if errorlevel N means N or more):
rem 0 ready, 1 ready with warnings, 2 blocked, 3 capture failed, 4 bad input, 5 usage, 6 internal error.
if errorlevel 6 goto :internal
if errorlevel 5 goto :usage
if errorlevel 4 goto :badinput
if errorlevel 2 goto :blocked
if errorlevel 1 goto :warnings
echo Ready: the installation may be captured. Report: %LOGDIR%
goto :shell

:warnings
echo Ready with warnings: read %LOGDIR%\preflight-report.txt before capturing.
goto :shell

:blocked
echo BLOCKED: do not capture. The findings and their fixes are in %LOGDIR%\preflight-report.txt
goto :shell

:badinput
echo No Windows installation could be inspected (see the message above).
goto :shell

:usage
echo preflight was called wrongly: check this script.
goto :shell

:internal
echo preflight failed unexpectedly; run it again with --debug and keep the output.

:shell
cmd /k
