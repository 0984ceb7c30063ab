import { CpuProfile, packageOf, profileFileName, summarizeProfile } from '../profile';

const frame = (id: number, functionName: string, url = '') => ({ id, callFrame: { functionName, url, lineNumber: 9 } });

// Samples every 1000 µs from t=0: ids 1 (idle), 2 (app), 3 (mongoose), 2, 3, 3.
const profile: CpuProfile = {
  nodes: [
    frame(1, '(idle)'),
    frame(2, 'handler', 'file:///work/main/tickets/src/routes/show.ts'),
    frame(3, 'hydrate', 'file:///work/main/node_modules/mongoose/lib/document.js'),
  ],
  startTime: 0,
  endTime: 6000,
  samples: [1, 2, 3, 2, 3, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
};

describe('profile summary', () => {
  it('charges each sample to its function and package, as shares of busy time', () => {
    const summary = summarizeProfile(profile, 'tickets: show', 'p.cpuprofile');
    expect(summary.busyMs).toBe(5);
    expect(summary.idlePct).toBeCloseTo(100 / 6);
    expect(summary.byPackage).toEqual([
      { name: 'mongoose', selfMs: 3, pct: 60 },
      { name: 'tickets (own code)', selfMs: 2, pct: 40 },
    ]);
    expect(summary.top[0]).toEqual({ fn: 'hydrate', where: 'mongoose/lib/document.js:10', selfMs: 3, pct: 60 });
  });

  it('charges Node internals to the package that called them', () => {
    const withInternals: CpuProfile = {
      ...profile,
      nodes: [
        { ...frame(1, '(idle)') },
        { ...frame(2, 'verify', 'file:///m/node_modules/jsonwebtoken/verify.js'), children: [3] },
        { ...frame(3, 'createPublicKey', 'node:internal/crypto/keys'), children: [4] },
        frame(4, 'native', ''),
      ],
      samples: [1, 2, 3, 4, 4, 3],
    };
    const summary = summarizeProfile(withInternals, 'x', 'p');
    expect(summary.byPackage.map((p) => p.name)).toEqual(['node (internals)', '(native)', 'jsonwebtoken']);
    expect(summary.byCaller).toEqual([{ name: 'jsonwebtoken', selfMs: 5, pct: 100 }]);
  });

  it('keeps only the samples inside the window', () => {
    const summary = summarizeProfile(profile, 'x', 'p', { from: 3500, to: 6000 });
    // Samples at 4000, 5000, 6000: app, mongoose, mongoose.
    expect(summary.busyMs).toBe(3);
    expect(summary.byPackage[0]).toEqual({ name: 'mongoose', selfMs: 2, pct: (100 * 2) / 3 });
  });

  it('leaves out a sample taken after a long gap: where the thread got a core back, not where its CPU went', () => {
    // The third sample (mongoose) comes 500 ms late: the thread was descheduled.
    const gappy = { ...profile, timeDeltas: [1000, 1000, 500_000, 1000, 1000, 1000] };
    const summary = summarizeProfile(gappy, 'x', 'p');
    expect(summary.busyMs).toBe(4);
    expect(summary.byPackage).toContainEqual({ name: 'mongoose', selfMs: 2, pct: 50 });
    expect(summary.resumedPct).toBeCloseTo(100 / 6);
    // Up to 1.5 intervals is the sampler's own jitter: kept.
    expect(summarizeProfile({ ...profile, timeDeltas: [1000, 1000, 1500, 1000, 1000, 1000] }, 'x', 'p').busyMs).toBe(5);
  });

  it('names packages, including scoped ones, Next bundles, Node internals and V8 pseudo-frames', () => {
    expect(packageOf('file:///x/node_modules/@scope/pkg/index.js', 'f')).toBe('@scope/pkg');
    expect(packageOf('file:///x/node_modules/a/node_modules/b/i.js', 'f')).toBe('b');
    expect(packageOf('node:net', 'f')).toBe('node (internals)');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(packageOf('', 'writev')).toBe('(native)');
    // Next bundles pages with React and its runtime: not the workspace's own code alone.
    expect(packageOf('file:///work/main/client/.next/server/chunks/ssr/x.js', 'f')).toBe(
      'client .next bundle (pages + bundled runtime)',
    );
  });
});

describe('profileFileName', () => {
  it('names the raw profile after the date and the group', () => {
    expect(profileFileName('2026-12-01', 'tickets')).toBe('2026-12-01-tickets.cpuprofile');
  });

  it('turns a group with the transport in brackets into a name without spaces or brackets', () => {
    expect(profileFileName('2026-12-01', 'events (jetstream)')).toBe('2026-12-01-events-jetstream.cpuprofile');
  });
});
