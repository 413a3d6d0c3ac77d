// A JSON report made comparable across runs: every string mapped (paths as each run named them), the time of
// the run and the host it ran on dropped. The exe tests compare the Windows run with the Linux run this way.
export function comparableReport(json: string, mapString: (s: string) => string): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mapString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'generatedAt' && k !== 'host')
          .map(([k, x]) => [k, walk(x)]),
      );
    }
    return v;
  };
  return walk(JSON.parse(json));
}
