// SYS001 on real failed Sysprep logs (test/data/panther, sources in its README): one finding for the last
// run naming the provider, the code in hex with its meaning and the cause in words; earlier runs as one
// history finding (info); a remedy that matches the cause.
import { afterAll, describe, expect, it } from 'vitest';
import { sys001 } from '../../src/checks/sys001-sysprep-failed';
import { readPantherLogs } from '../../src/windows/panther-logs';
import { volumeWithRealLog } from '../windows/real-panther-logs';
import { cleanupVolumes } from '../windows/temp-volume';
import { NOT_GENERALIZED, facts } from './fixtures';

afterAll(cleanupVolumes);

function sys001Of(name: string) {
  return sys001.run(facts(NOT_GENERALIZED, { panther: readPantherLogs(volumeWithRealLog(name)) }));
}

const ERR = 'Windows\\System32\\Sysprep\\Panther\\setuperr.log';
const ACT = 'Windows\\System32\\Sysprep\\Panther\\setupact.log';

describe('exact words where they matter', () => {
  it('a failed query of pending servicing (spopk.dll, 0x80080005) is not reported as pending servicing', () => {
    const [f] = sys001Of('gce-156-spopk-cbs-query.setupact.log');
    expect(f.message).toBe(
      "Sysprep's last run stopped on an error in spopk.dll, Sysprep_Clean_Validate_Opk (the servicing provider: checks the component store (CBS) " +
        "for pending or active servicing before Sysprep changes anything). Sysprep's servicing check could not ask the component store (CBS) " +
        'whether servicing operations are pending: the query itself failed (0x80080005 CO_E_SERVER_EXEC_FAILURE, server execution failed: a COM ' +
        'server did not start or answer). The log does not say that anything is pending (public log of ' +
        `GoogleCloudPlatform/compute-image-windows issue 156; not documented by Microsoft). Logged at ${ACT} line 3.`,
    );
    expect(f.remedy).toContain('sc start TrustedInstaller');
    expect(f.remedy).toContain('CBS.log around 2018-09-15 18:08:32');
    expect(f.remedy).toContain('do not revert pending actions');
    expect(f.remedy).not.toContain('RevertPendingActions');
  });

  it('access denied deleting senseGuid names Defender for Endpoint and its offboarding', () => {
    const [f] = sys001Of('runner-images-9659-senseguid.setuperr.log');
    expect(f.message).toBe(
      "Sysprep's last run stopped on an error in Windows-SenseClient-Service (Microsoft Defender for Endpoint's sensor (Sense): its action deletes " +
        "the device's onboarding identity (senseGuid)). Sysprep could not delete the value senseGuid under HKEY_LOCAL_MACHINE\\Software\\Microsoft\\" +
        'Windows Advanced Threat Protection (0x80070005 HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED), access is denied). senseGuid is Microsoft Defender ' +
        "for Endpoint's sensor identity: the machine was onboarded to Defender for Endpoint, and Sysprep was refused access to that value (public logs " +
        'of CI image builds, actions/runner-images issues 7103, 9659, 10434; not documented by Microsoft as a Sysprep failure). ' +
        `Logged at ${ERR} line 1.`,
    );
    expect(f.remedy).toContain('offboarding script');
  });

  it("no banner: the earlier run's MRTGeneralize errors are history with the HRESULT in hex; the last run says what it shows", () => {
    const found = sys001Of('azure-docs-43893-mrt-then-dsccore.setuperr.log');
    expect(found.map((f) => [f.severity, f.title])).toEqual([
      ['block', 'Last Sysprep run failed'],
      ['info', 'Errors of earlier Sysprep runs (history)'],
    ]);
    expect(found[0].message).toBe(
      "Sysprep's last run logged an error in DscCore.dll, SysPrep_Cleanup (PowerShell Desired State Configuration (DSC): cleans up the local " +
        "configuration manager's state); the log does not show where the run stopped. DSC's Sysprep cleanup failed with 0x2 ERROR_FILE_NOT_FOUND, " +
        "the system cannot find the file specified; the log does not say which file of DSC's local configuration manager was missing (public logs, " +
        `MicrosoftDocs/azure-docs issues 43893, 49145, 80346; not documented by Microsoft). Logged at ${ERR} line 5.`,
    );
    expect(found[1].message).toBe(
      'Earlier Sysprep runs logged errors; this is history, not the state of the image (the last run decides): run with errors at 2019-10-06 14:36:26: ' +
        `logged MRTGeneralize 0x80041010 WBEM_E_INVALID_CLASS (cause unknown), ${ERR} line 3.`,
    );
    expect(found.map((f) => f.message).join(' ')).not.toContain('2147749904');
  });

  it('errors whose cause the log does not give: what it shows, where to look next, cause unknown', () => {
    const [f, ...rest] = sys001Of('winget-cli-5599-bcd-firmware.setuperr.log');
    expect(rest).toEqual([]);
    expect(f.message).toBe(
      "Sysprep's last run logged an error in BCD (the boot configuration data library (BCD), writing boot entries to the store and the UEFI " +
        'firmware); the log does not show where the run stopped. The log names the error (0xc000000d STATUS_INVALID_PARAMETER, an invalid ' +
        `parameter was passed to a service or function (NTSTATUS)) but not its cause: cause unknown. Logged at ${ERR} line 1.`,
    );
    expect(f.remedy).toContain(
      `C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log logged just before 2025-06-07 09:52:50 (line 1 of ${ERR})`,
    );
  });

  it('a run cancelled at the Sysprep dialog gets no finding of its own', () => {
    const found = sys001Of('applogic-spbcd-after-cancel.setuperr.log');
    expect(found).toHaveLength(1);
    expect(found[0].message).not.toContain('dialog box returned FALSE');
    expect(found[0].message).toContain('spbcd.dll, Sysprep_Generalize_Bcd');
  });
});

/** Each log: the words the remedy must hold for its cause. */
const REMEDY: [string, string[]][] = [
  ['gce-156-spopk-cbs-query.setupact.log', ['TrustedInstaller']],
  ['runner-images-9659-senseguid.setuperr.log', ['offboarding script', '/v senseGuid']],
  ['runner-images-7103-mrt-senseguid.setuperr.log', ['offboarding script']],
  ['azure-docs-80346-dsccore.setuperr.log', ['Get-DscLocalConfigurationManager']],
  ['azure-docs-43893-mrt-then-dsccore.setuperr.log', ['Get-DscLocalConfigurationManager']],
  ['azure-docs-49145-dsccore-untimed.setuperr.log', ['Microsoft-Windows-DSC/Operational']],
  ['winget-cli-5599-bcd-firmware.setuperr.log', ['setupact.log logged just before']],
  ['applogic-spbcd-after-cancel.setuperr.log', ['bcdedit /enum all /v']],
  ['kb2769827-appx.setuperr.log', ['Get-AppxPackage -AllUsers', 'Remove-AppxPackage']],
  ['kb929828-rearm.setuperr.log', ['<SkipRearm>1</SkipRearm>']],
  ['kb-fatal-error-invalid-state.setuperr.log', ['re-create the image']],
  ['kb4057974-miracastview.setupact.log', ["Remove-AppxPackage -Package 'Windows.MiracastView_6.3.0.0_neutral_neutral_cw5n1h2txyewy'"]],
  ['configmgr-capture-reserved-storage.setupact.log', ['install updates until Windows Update offers none']],
  [
    'configmgr-capture-onedrive-appx.setupact.log',
    ["Remove-AppxPackage -Package 'Microsoft.OneDriveSync_21220.1024.5.0_neutral__8wekyb3d8bbwe'"],
  ],
];

describe('every real log: one blocking finding for the last run', () => {
  it('covers at least ten logs', () => expect(REMEDY.length).toBeGreaterThanOrEqual(10));

  it.each(REMEDY)('%s', (name, remedy) => {
    const panther = readPantherLogs(volumeWithRealLog(name));
    const found = sys001.run(facts(NOT_GENERALIZED, { panther }));
    const blocking = found.filter((f) => f.severity !== 'info');
    expect(blocking).toHaveLength(1);
    const [f] = blocking;
    const [failure] = panther.failures;
    // The provider (or that none is named), the code in hex with its meaning, the cause in words, the line.
    expect(f.message).toContain(failure.dll ?? 'a step that names no provider');
    expect(f.message).toContain(failure.code!);
    expect(f.message).toContain(failure.codeMeaning!);
    expect(f.message).toContain(failure.summary.slice(1));
    expect(f.message).toContain(`line ${failure.lineNumber}.`);
    for (const s of remedy) expect(f.remedy).toContain(s);
    // Earlier runs only as information.
    expect(found.filter((x) => x.severity === 'info').every((x) => x.title === 'Errors of earlier Sysprep runs (history)')).toBe(true);
  });
});
