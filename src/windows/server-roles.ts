// Server roles that Sysprep does not support (Microsoft "Sysprep support for server roles"), recognised
// offline by the services they install under SYSTEM\<control set>\Services, and the domain-controller
// product type (ProductOptions\ProductType = LanmanNT). Service names: AD CS CertSvc, AD FS adfssrv,
// AD LDS one ADAM_<instance> service per instance, DHCP Server DHCPServer, NPS (NPAS) IAS, WSUS
// WsusService, WDS WDSServer (public role documentation and service lists; the mapping is practitioner
// knowledge, UNCONFIRMED by one Microsoft page). AD RMS installs no service of its own (it runs in IIS):
// it is not detected. WDS counts as initialised when WDSServer\Providers\WDSTFTP has a RootFolder
// (the RemoteInstall folder `wdsutil /initialize-server` sets; UNCONFIRMED). The services are found without
// reading all 700-odd names (Key.subkeysMatching): the six by their lh hashes, the ADAM_ instances by binary
// search of the Services list, which regf requires sorted by name. A list seen out of order where the search
// reads it is read whole; a damaged one that only looks sorted there, or a wrong stored hash, can hide a service
// (as it hides a key from every lookup by path).
import type { Evidence, ServerRoleFact, ServerRoleFacts } from './facts';
import { currentControlSet, readString, regEvidence, type InstallationHives } from './hives';

const SERVICES: [string, string][] = [
  ['CertSvc', 'AD CS'],
  ['adfssrv', 'AD FS'],
  ['DHCPServer', 'DHCP Server'],
  ['IAS', 'NPAS (Network Policy Server)'],
  ['WsusService', 'WSUS'],
  ['WDSServer', 'WDS'],
];

export function readServerRoles(hives: InstallationHives): ServerRoleFacts {
  const evidence: Evidence[] = [];
  const sys = hives.SYSTEM;
  const ccs = currentControlSet(sys);
  if (!sys || !ccs) return { productType: null, roles: null, evidence };
  const productType = readString(sys, `${ccs}\\Control\\ProductOptions`, 'ProductType', evidence);
  const roles: ServerRoleFact[] = [];
  if (productType !== null && productType.trim().toLowerCase() === 'lanmannt') {
    roles.push({ role: 'AD DS (domain controller)', by: 'ProductType LanmanNT', initialised: null });
  }
  const services = sys.hive.key(`${ccs}\\Services`);
  // Only the services looked for are read (a SYSTEM hive has 700-odd, whose key nodes span most of the file):
  // by lower case, the last spelling of each, in list order.
  const present = new Map<string, string>();
  for (const key of services?.subkeysMatching(
    SERVICES.map(([service]) => service),
    ['ADAM_'],
  ) ?? []) {
    present.set(key.name.toLowerCase(), key.name);
  }
  for (const [service, role] of SERVICES) {
    const name = present.get(service.toLowerCase());
    if (name === undefined) continue;
    const key = `${ccs}\\Services\\${name}`;
    let initialised: boolean | null = null;
    if (service === 'WDSServer') {
      const root = readString(sys, `${key}\\Providers\\WDSTFTP`, 'RootFolder', evidence);
      initialised = root !== null && root.trim() !== '';
    }
    evidence.push(regEvidence(sys, key, undefined, 'service present'));
    roles.push({ role, by: name, initialised });
  }
  for (const [lower, name] of present) {
    if (!lower.startsWith('adam_')) continue;
    evidence.push(regEvidence(sys, `${ccs}\\Services\\${name}`, undefined, 'service present (AD LDS instance)'));
    roles.push({ role: 'AD LDS', by: name, initialised: null });
  }
  return { productType, roles, evidence };
}
