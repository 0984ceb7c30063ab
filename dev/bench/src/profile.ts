import { ProfileSummary } from './types';

/** The parts of V8's .cpuprofile format (what `--cpu-prof` and the inspector write) used here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** Microseconds, on the monotonic clock `process.hrtime` also reads. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A time window in microseconds of the monotonic clock. */
export interface Window {
  from: number;
  to: number;
}

const IDLE = '(idle)';
/** In sampling intervals: a longer gap before a sample means the thread was descheduled. */
export const RESUMED_GAP = 1.5;

/** Groups a source location: an npm package, a Node internal, a workspace's own code, or V8 itself. */
export const packageOf = (url: string, functionName: string): string => {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
  if (inModules) return inModules[1];
  // Next bundles the pages together with React and Next's runtime into .next chunks.
  const bundle = /\/([^/]+)\/\.next\//.exec(url);
  if (bundle) return `${bundle[1]} .next bundle (pages + bundled runtime)`;
  const workspace = /\/([^/]+)\/(?:src|build)\//.exec(url);
  return workspace ? `${workspace[1]} (own code)` : url;
};

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^\/work\/main\//, '');

const isLibrary = (pkg: string) => pkg !== 'node (internals)' && pkg !== '(native)';

/**
 * For each node, the package it stands for once Node internals and native frames are charged
 * to whatever called them: `createPublicKey` in node:crypto counts for jsonwebtoken, `writev`
 * for pino. Tells which dependency a "node (internals)" share really belongs to.
 */
const callerPackages = (profile: CpuProfile): Map<number, string> => {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const result = new Map<number, string>();
  for (const node of profile.nodes) {
    const own = packageOf(node.callFrame.url, node.callFrame.functionName);
    let pkg = own;
    for (let id = parent.get(node.id); !isLibrary(pkg) && id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(root)') break;
      pkg = packageOf(frame.url, frame.functionName);
    }
    result.set(node.id, isLibrary(pkg) ? pkg : own);
  }
  return result;
};

const ranked = (totals: Map<string, number>, busy: number, limit: number) =>
  [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, selfMs: us / 1000, pct: busy ? (100 * us) / busy : 0 }));

/**
 * Self time per function and per package, from the samples that fall in `window` (all of
 * them when omitted), as shares of busy time: idle samples are counted apart. Every sample
 * counts as one sampling interval (the median gap). A sample that comes more than
 * RESUMED_GAP intervals after the one before is left out: the thread had lost its core, and V8
 * takes the sample it owes as soon as the thread runs again, so it lands where the thread was
 * preempted, typically a socket write that woke the process reading it, rather than where its
 * CPU went. On a crowded machine those samples made the client's request writes
 * (`writeLatin1String`) look like 11-19% of its time; perf's on-CPU sampling puts them at 1-4%.
 */
export const summarizeProfile = (
  profile: CpuProfile,
  comparison: string,
  file: string,
  window?: Window,
  limit = 12,
): ProfileSummary => {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const gaps = profile.timeDeltas.filter((delta) => delta > 0).sort((a, b) => a - b);
  const interval = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const callers = callerPackages(profile);
  let busy = 0;
  let idle = 0;
  let resumed = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i];
    if (window && (time < window.from || time > window.to)) return;
    if (profile.timeDeltas[i] > RESUMED_GAP * interval) {
      resumed += 1;
      return;
    }
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    if (frame.functionName === IDLE) {
      idle += interval;
      return;
    }
    busy += interval;
    const fn = `${frame.functionName || '(anonymous)'}\u0000${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + interval);
    const pkg = packageOf(frame.url, frame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + interval);
    const caller = callers.get(id) ?? pkg;
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + interval);
  });
  return {
    comparison,
    file,
    busyMs: busy / 1000,
    idlePct: busy + idle ? (100 * idle) / (busy + idle) : 0,
    resumedPct: resumed ? (100 * resumed * interval) / (busy + idle + resumed * interval) : 0,
    top: ranked(byFunction, busy, limit).map(({ name, selfMs, pct }) => {
      const [fn, where] = name.split('\u0000');
      return { fn, where, selfMs, pct };
    }),
    byPackage: ranked(byPackage, busy, limit),
    byCaller: ranked(byCaller, busy, limit),
  };
};

/** Now, in the microseconds of the monotonic clock profiles are stamped with. */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/** Where a group's raw profile is kept: `<date>-<group>.cpuprofile`, the group's spaces and brackets made dashes. */
export const profileFileName = (date: string, group: string): string =>
  `${date}-${group.replace(/[^\w.-]+/g, '-').replace(/-+$/, '')}.cpuprofile`;
