<#
.SYNOPSIS
  Builds a preflight WinPE USB stick on the technician's Windows PC with the Windows ADK.

.DESCRIPTION
  Run it as administrator from the "Deployment and Imaging Tools Environment" (Start menu, installed with the
  Windows ADK and its WinPE add-on), which sets %WinPERoot% and puts copype, Dism and MakeWinPEMedia on PATH.

  1. copype <arch> <WorkDir>                     the WinPE working files
  2. Dism /Mount-Image boot.wim, index 1         to put our startnet.cmd into WinPE
  3. copy startnet.cmd to Windows\System32
  4. Dism /Unmount-Image /Commit                 (/Discard if anything before failed)
  5. MakeWinPEMedia /UFD /F <WorkDir> <Drive>    formats the WHOLE disk of <Drive> as a WinPE stick
  6. <Drive>\preflight\: preflight.exe, startnet.cmd, the marker preflight-stick.txt, reports\

  Every step is checked and stops the script with a message naming the step. MakeWinPEMedia erases the whole
  disk that holds <Drive>: the script refuses the disk Windows runs from, shows the disk and asks before
  formatting it; a disk that is not removable (not on USB, not reported as removable) must be confirmed by
  typing its disk number. -Force skips the question for a removable USB disk only.

  WinPE needs nothing besides preflight.exe: no optional components (it is one self-contained program).

.EXAMPLE
  .\make-stick.ps1 -Preflight .\dist\preflight.exe -Drive P

.EXAMPLE
  .\make-stick.ps1 -Preflight .\dist\preflight-arm64.exe -Drive P -Arch arm64 -WorkDir C:\WinPE_arm64
#>
[CmdletBinding()]
param(
  # preflight.exe (x64, for -Arch amd64) or preflight-arm64.exe (for -Arch arm64).
  [Parameter(Mandatory = $true)] [string] $Preflight,
  # The drive letter of the USB stick, e.g. P or P:. Its whole disk is formatted.
  [Parameter(Mandatory = $true)] [ValidatePattern('^[A-Za-z]:?$')] [string] $Drive,
  [ValidateSet('amd64', 'arm64')] [string] $Arch = 'amd64',
  # copype's working folder; it must not exist yet (copype refuses an existing one).
  [string] $WorkDir = (Join-Path $env:TEMP "preflight-winpe-$Arch"),
  # Do not ask before formatting a removable USB disk (never skips the question for other disks).
  [switch] $Force
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$Letter = $Drive.Substring(0, 1).ToUpperInvariant()
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Startnet = Join-Path $Here 'startnet.cmd'

function Stop-Step([string] $Step, [string] $Why) {
  Write-Host "make-stick: $Step failed: $Why" -ForegroundColor Red
  exit 1
}

# Runs a console tool and stops the script naming the step when it fails (tools report by exit code).
function Invoke-Step([string] $Step, [string] $Program, [string[]] $Arguments) {
  Write-Host "== $Step" -ForegroundColor Cyan
  & $Program @Arguments
  if ($LASTEXITCODE -ne 0) { Stop-Step $Step "$Program exited with $LASTEXITCODE" }
}

# --- What must be true before anything is changed ------------------------------------------------------
$admin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
  [Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $admin) { Stop-Step 'checking rights' 'run it as administrator (Dism and MakeWinPEMedia need it)' }
if (-not $env:WinPERoot) {
  Stop-Step 'finding the ADK' ('run it from the "Deployment and Imaging Tools Environment" (Windows ADK with ' +
    'the WinPE add-on); %WinPERoot% is not set')
}
foreach ($tool in 'copype', 'MakeWinPEMedia', 'Dism') {
  if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { Stop-Step 'finding the ADK' "$tool is not on PATH" }
}
if (-not (Test-Path -LiteralPath $Startnet -PathType Leaf)) { Stop-Step 'finding startnet.cmd' "not found beside this script: $Startnet" }
if (-not (Test-Path -LiteralPath $Preflight -PathType Leaf)) { Stop-Step 'finding preflight.exe' "no such file: $Preflight" }

# The executable must match the WinPE architecture (PE header: machine 0x8664 x64, 0xAA64 arm64).
$bytes = [IO.File]::ReadAllBytes((Resolve-Path -LiteralPath $Preflight).Path)
$pe = [BitConverter]::ToInt32($bytes, 0x3C)
$machine = [BitConverter]::ToUInt16($bytes, $pe + 4)
$expected = @{ amd64 = 0x8664; arm64 = 0xAA64 }[$Arch]
if ($machine -ne $expected) {
  Stop-Step 'checking preflight.exe' ("it is built for machine 0x{0:X4}, not for {1} WinPE (use preflight.exe for " +
    "amd64, preflight-arm64.exe for arm64)" -f $machine, $Arch)
}
if (Test-Path -LiteralPath $WorkDir) { Stop-Step 'preparing the work folder' "$WorkDir exists: remove it or pass -WorkDir" }

# --- The stick: never the system disk; ask before erasing it ---------------------------------------------
$partition = Get-Partition -DriveLetter $Letter -ErrorAction SilentlyContinue
if (-not $partition) { Stop-Step 'finding the stick' "no partition has the drive letter ${Letter}:" }
$disk = Get-Disk -Number $partition.DiskNumber
$volume = Get-Volume -DriveLetter $Letter
if ($disk.IsBoot -or $disk.IsSystem) {
  Stop-Step 'checking the stick' "${Letter}: is on disk $($disk.Number), the disk Windows runs from: refusing to format it"
}
$sizeGB = [math]::Round($disk.Size / 1GB, 1)
$removable = ($disk.BusType -eq 'USB') -or ($volume.DriveType -eq 'Removable')
Write-Host ("Disk {0}: {1} {2} GB, bus {3}, {4} partition(s). MakeWinPEMedia ERASES THE WHOLE DISK." -f `
    $disk.Number, $disk.FriendlyName, $sizeGB, $disk.BusType, $disk.NumberOfPartitions) -ForegroundColor Yellow
if ($removable) {
  if (-not $Force) {
    $answer = Read-Host "Format disk $($disk.Number) (${Letter}:) as the preflight stick? [y/N]"
    if ($answer -notmatch '^(y|yes)$') { Stop-Step 'confirming' 'not confirmed; nothing was changed' }
  }
} else {
  Write-Host 'This disk is NOT removable (not USB, not reported as removable).' -ForegroundColor Red
  $answer = Read-Host "Type the disk number ($($disk.Number)) to erase it anyway, or Enter to stop"
  if ($answer -ne "$($disk.Number)") { Stop-Step 'confirming' 'not confirmed; nothing was changed' }
}

# --- WinPE with our startnet.cmd ---------------------------------------------------------------------------
Invoke-Step "copype $Arch" 'copype' @($Arch, $WorkDir)
$bootWim = Join-Path $WorkDir 'media\sources\boot.wim'
$mount = Join-Path $WorkDir 'mount'
if (-not (Test-Path -LiteralPath $bootWim)) { Stop-Step "copype $Arch" "it made no $bootWim" }
New-Item -ItemType Directory -Force -Path $mount | Out-Null

Invoke-Step 'mounting boot.wim' 'Dism' @('/Mount-Image', "/ImageFile:$bootWim", '/Index:1', "/MountDir:$mount")
$committed = $false
try {
  Write-Host '== copying startnet.cmd into WinPE' -ForegroundColor Cyan
  Copy-Item -LiteralPath $Startnet -Destination (Join-Path $mount 'Windows\System32\startnet.cmd') -Force
  Invoke-Step 'unmounting boot.wim (commit)' 'Dism' @('/Unmount-Image', "/MountDir:$mount", '/Commit')
  $committed = $true
} finally {
  # A failed step must not leave the image mounted (Dism /Cleanup-Wim would be needed later).
  if (-not $committed) { & Dism /Unmount-Image "/MountDir:$mount" /Discard | Out-Null }
}

# /F: the question was asked above, with the disk shown; MakeWinPEMedia's own prompt does not name the disk.
Invoke-Step "MakeWinPEMedia /UFD ${Letter}:" 'MakeWinPEMedia' @('/UFD', '/F', $WorkDir, "${Letter}:")

# --- preflight on the stick ----------------------------------------------------------------------------------
Write-Host '== copying preflight to the stick' -ForegroundColor Cyan
$dest = "${Letter}:\preflight"
New-Item -ItemType Directory -Force -Path $dest, "$dest\reports" | Out-Null
Copy-Item -LiteralPath $Preflight -Destination "$dest\preflight.exe" -Force
Copy-Item -LiteralPath $Startnet -Destination "$dest\startnet.cmd" -Force
# startnet.cmd finds the stick by this marker (and never on a volume holding Windows).
Set-Content -LiteralPath "$dest\preflight-stick.txt" -Encoding ASCII -Value @(
  'This drive is a preflight WinPE stick (winpe-scripts/make-stick.ps1).',
  "Made $(Get-Date -Format s) for $Arch.")
if ((Get-Item -LiteralPath "$dest\preflight.exe").Length -ne (Get-Item -LiteralPath $Preflight).Length) {
  Stop-Step 'copying preflight to the stick' "$dest\preflight.exe differs in size from $Preflight"
}

Write-Host ''
Write-Host "Done. ${Letter}: boots WinPE ($Arch), runs preflight check on every drive, and keeps reports in $dest\reports." -ForegroundColor Green
Write-Host "Work files: $WorkDir (remove them when no longer needed)."
