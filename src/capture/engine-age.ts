// A DISM older than the Windows it captures (WinPE host facts): the servicing stack of the WinPE
// on the stick should be at least as new as the image, as Microsoft asks of WinPE and the ADK ("use the
// matching version of Windows PE and DISM for the Windows you deploy"; older DISM builds do not know newer
// image features). Compared by build number: DISM prints `Version: 10.0.19041.844`.

export interface EngineAgeWarning {
  id: 'DISM-OLDER';
  title: string;
  message: string;
}

/** The build of a `10.0.BUILD[.REV]` version, or null. */
export function buildOf(version: string | null): number | null {
  const m = /^\d+\.\d+\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
}

export function dismAgeWarning(
  engine: string,
  engineVersion: string | null,
  installationBuilds: (number | null)[],
): EngineAgeWarning | null {
  if (engine !== 'dism') return null;
  const dism = buildOf(engineVersion);
  const newest = Math.max(...installationBuilds.filter((b): b is number => b !== null));
  if (dism === null || !Number.isFinite(newest) || dism >= newest) return null;
  return {
    id: 'DISM-OLDER',
    title: 'DISM is older than the Windows it captured',
    message: `DISM ${engineVersion} (build ${dism}) captured Windows build ${newest}: use a WinPE and DISM of build ${newest} or later (the ADK that matches the image) for images of it.`,
  };
}
