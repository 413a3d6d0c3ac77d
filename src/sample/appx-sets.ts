// AppX package sets: provisioned, inbox, per-user (domain.md §3.4, §3.6).
import { OS_PROFILES, type OsProfile } from './os-profiles';
import { type AppxSpec, type OsId } from './spec';

export const MS = '8wekyb3d8bbwe';
const SYS = 'cw5n1h2txyewy';

const APPX_SETS: Record<NonNullable<OsProfile['appx']>, Required<Pick<AppxSpec, 'provisioned' | 'inbox' | 'deprovisioned' | 'staged'>>> = {
  win11: {
    provisioned: [
      `Microsoft.DesktopAppInstaller_1.23.1911.0_neutral_~_${MS}`,
      `Microsoft.Paint_11.2410.28.0_neutral_~_${MS}`,
      `Microsoft.ScreenSketch_2022.2409.25.0_neutral_~_${MS}`,
      `Microsoft.SecHealthUI_1000.26100.1.0_x64__${MS}`,
      `Microsoft.Windows.Photos_2024.11050.3002.0_neutral_~_${MS}`,
      `Microsoft.WindowsCalculator_11.2405.2.0_neutral_~_${MS}`,
      `Microsoft.WindowsCamera_2024.2408.1.0_neutral_~_${MS}`,
      `Microsoft.WindowsNotepad_11.2409.9.0_neutral_~_${MS}`,
      `Microsoft.WindowsStore_22409.1401.5.0_neutral_~_${MS}`,
      `Microsoft.WindowsTerminal_1.21.2911.0_neutral_~_${MS}`,
      `MicrosoftWindows.Client.WebExperience_424.1301.270.9_neutral_~_${SYS}`,
      `Microsoft.NET.Native.Framework.2.2_2.2.29512.0_x64__${MS}`,
      `Microsoft.NET.Native.Runtime.2.2_2.2.28604.0_x64__${MS}`,
      `Microsoft.UI.Xaml.2.8_8.2310.30001.0_x64__${MS}`,
      `Microsoft.VCLibs.140.00_14.0.33519.0_x64__${MS}`,
      `Microsoft.VCLibs.140.00.UWPDesktop_14.0.33728.0_x64__${MS}`,
      `Microsoft.WindowsAppRuntime.1.5_5001.275.500.0_x64__${MS}`,
    ],
    inbox: [
      `Microsoft.AAD.BrokerPlugin_1000.26100.1.0_neutral_neutral_${SYS}`,
      `Microsoft.AccountsControl_10.0.26100.1_neutral__${SYS}`,
      `Microsoft.LockApp_10.0.26100.1_neutral__${SYS}`,
      `Microsoft.Win32WebViewHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `Microsoft.Windows.Apprep.ChxApp_1000.26100.1.0_neutral_neutral_${SYS}`,
      `Microsoft.Windows.CloudExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `Microsoft.Windows.ShellExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `Microsoft.Windows.StartMenuExperienceHost_10.0.26100.1_neutral_neutral_${SYS}`,
      `MicrosoftWindows.Client.CBS_1000.26100.1.0_x64__${SYS}`,
      `windows.immersivecontrolpanel_10.0.8.1000_neutral_neutral_${SYS}`,
    ],
    deprovisioned: [`Microsoft.BingNews_${MS}`, `Microsoft.GamingApp_${MS}`],
    staged: [`Microsoft.MicrosoftEdge.Stable_130.0.2849.80_neutral__${MS}`],
  },
  win10: {
    provisioned: [
      `Microsoft.DesktopAppInstaller_2022.310.2333.0_neutral_~_${MS}`,
      `Microsoft.ScreenSketch_2022.2201.12.0_neutral_~_${MS}`,
      `Microsoft.Windows.Photos_2022.31070.26005.0_neutral_~_${MS}`,
      `Microsoft.WindowsCalculator_2021.2210.0.0_neutral_~_${MS}`,
      `Microsoft.WindowsCamera_2022.2201.4.0_neutral_~_${MS}`,
      `Microsoft.WindowsStore_12107.1001.15.0_neutral_~_${MS}`,
      `Microsoft.NET.Native.Framework.2.2_2.2.29512.0_x64__${MS}`,
      `Microsoft.NET.Native.Runtime.2.2_2.2.28604.0_x64__${MS}`,
      `Microsoft.UI.Xaml.2.4_2.42007.9001.0_x64__${MS}`,
      `Microsoft.VCLibs.140.00_14.0.30035.0_x64__${MS}`,
    ],
    inbox: [
      `Microsoft.AAD.BrokerPlugin_1000.19041.1023.0_neutral_neutral_${SYS}`,
      `Microsoft.MicrosoftEdge_44.19041.1266.0_neutral__${MS}`,
      `Microsoft.Windows.CloudExperienceHost_10.0.19041.1949_neutral_neutral_${SYS}`,
      `Microsoft.Windows.ShellExperienceHost_10.0.19041.3636_neutral_neutral_${SYS}`,
      `Microsoft.Windows.StartMenuExperienceHost_10.0.19041.3636_neutral_neutral_${SYS}`,
      `windows.immersivecontrolpanel_10.2.3.0_neutral_neutral_${SYS}`,
    ],
    deprovisioned: [`Microsoft.BingWeather_${MS}`],
    staged: [],
  },
  win81: {
    provisioned: [
      `Microsoft.BingWeather_3.0.1.174_x86__${MS}`,
      `Microsoft.WindowsCalculator_6.3.9600.20278_x64__${MS}`,
      `Microsoft.VCLibs.120.00_12.0.21005.1_x64__${MS}`,
    ],
    inbox: [`windows.immersivecontrolpanel_6.2.0.0_neutral_neutral_${SYS}`, `winstore_1.0.0.0_neutral_neutral_${SYS}`],
    deprovisioned: [],
    staged: [],
  },
  server: {
    provisioned: [],
    inbox: [`Microsoft.AAD.BrokerPlugin_1000.20348.1.0_neutral_neutral_${SYS}`, `Microsoft.AccountsControl_10.0.20348.1_neutral__${SYS}`],
    deprovisioned: [],
    staged: [],
  },
};

/** Default AppX content of an OS (empty lists where the OS has no AppxAllUserStore). */
export function defaultAppx(os: OsId): Required<Pick<AppxSpec, 'provisioned' | 'inbox' | 'deprovisioned' | 'staged'>> {
  const set = OS_PROFILES[os].appx;
  const s = set ? APPX_SETS[set] : { provisioned: [], inbox: [], deprovisioned: [], staged: [] };
  return { provisioned: [...s.provisioned], inbox: [...s.inbox], deprovisioned: [...s.deprovisioned], staged: [...s.staged] };
}

/** What a per-user install of a provisioned bundle is called: the x64 main package (`_neutral_~_` → `_x64__`). */
export function userPackageName(provisioned: string): string {
  return provisioned.replace(/_neutral_~_/, '_x64__');
}

/**
 * Per-user package list a user of this OS gets by default (no Sysprep problem): every provisioned package
 * at the provisioned version, plus the inbox apps. `replace` swaps packages by name (e.g. a Store update),
 * `add` appends full names.
 */
export function defaultUserPackages(os: OsId, change: { replace?: Record<string, string>; add?: string[] } = {}): string[] {
  const a = defaultAppx(os);
  const list = [...a.provisioned.map(userPackageName), ...a.inbox];
  const replaced = list.map((full) => {
    const name = full.split('_')[0];
    return change.replace?.[name] ?? full;
  });
  return [...replaced, ...(change.add ?? [])];
}

const FRAMEWORK = /^Microsoft\.(VCLibs\.|UI\.Xaml\.|NET\.Native\.|WindowsAppRuntime\.)/i;

/** Framework packages an app's Applications key lists as dependency subkeys (realistic, not exhaustive). */
export function dependenciesOf(full: string, provisioned: string[]): string[] {
  const name = full.split('_')[0];
  if (FRAMEWORK.test(name)) return [];
  const want: RegExp[] = [/^Microsoft\.VCLibs\.1[24]0\.00_/];
  if (/Calculator|Photos|Store|Notepad|Paint|Terminal|WebExperience/.test(name)) want.push(/^Microsoft\.UI\.Xaml\./);
  if (/Photos|Notepad|WebExperience/.test(name)) want.push(/^Microsoft\.WindowsAppRuntime\./);
  if (/Store|DesktopAppInstaller/.test(name)) want.push(/^Microsoft\.NET\.Native\./, /^Microsoft\.VCLibs\.140\.00\.UWPDesktop_/);
  return provisioned.filter((p) => want.some((re) => re.test(p)));
}
