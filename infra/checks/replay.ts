import { ChildProcess, execFileSync, execSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { signalGroup, spawnGroup, waitForHttp as pollHttp } from '@ticketing/toolkit';
import { buildContextFiles } from './context';
import { copyArgs, envArgs, execForm, readDockerfile, Stage, stageChain, targetStage } from './dockerfile';
import { Deployment, EnvVar, imageName, Manifest, ofKind, repoRoot, Service } from './manifests';

/**
 * Replays a Dockerfile without Docker: every stage the target needs gets a folder standing in for
 * its filesystem root; COPY copies from a copy of the build context (the working tree as a clone
 * has it, minus .dockerignore) or from an earlier stage's folder; RUN runs in the stage's WORKDIR
 * with the stage's ENV. Not replayed: the base image (the host's Node and npm stand in for it),
 * USER and file ownership (a RUN that is only a `chown` is skipped), and `npm cache clean` (it
 * only shrinks an image, and here the cache is the host's, which stands in for the image's and
 * other processes may be using). RUN steps must therefore use
 * WORKDIR-relative paths only.
 */
export class DockerfileReplay {
  private readonly stages: Stage[];
  private readonly built = new Map<string, { dir: string; workdir: string; env: Record<string, string> }>();
  private contextDir?: string;

  constructor(
    readonly dockerfile: string,
    private readonly scratch: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.stages = readDockerfile(path.join(repoRoot, dockerfile));
  }

  /** Builds `target` (default: the last stage) and returns how to start what it produced. */
  build(target?: string): {
    root: string;
    workdir: string;
    env: Record<string, string>;
    cmd: string[];
    exposed: number[];
  } {
    const stage = targetStage(this.stages, target);
    for (const s of stageChain(this.stages, stage)) this.buildStage(s);
    const result = this.built.get(stage.name);
    if (!result) throw new Error(`stage ${stage.name} was not built`);
    let cmd: string[] | undefined;
    const exposed: number[] = [];
    for (let s: Stage | undefined = stage; s; s = this.stages.find((p) => p.name === s?.from)) {
      const own = s.instructions.filter((i) => i.keyword === 'CMD').pop();
      cmd ??= own && (execForm(own.rest) ?? ['/bin/sh', '-c', own.rest]);
      exposed.push(
        ...s.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.rest.split(/\s+/).map(Number)),
      );
    }
    if (!cmd) throw new Error(`${this.dockerfile}: stage ${stage.name} has no CMD`);
    return { root: result.dir, workdir: path.join(result.dir, result.workdir), env: result.env, cmd, exposed };
  }

  private context(): string {
    if (!this.contextDir) {
      this.contextDir = path.join(this.scratch, '_context');
      for (const file of buildContextFiles()) {
        fs.mkdirSync(path.dirname(path.join(this.contextDir, file)), { recursive: true });
        fs.copyFileSync(path.join(repoRoot, file), path.join(this.contextDir, file));
      }
    }
    return this.contextDir;
  }

  private buildStage(stage: Stage): void {
    if (this.built.has(stage.name)) return;
    const dir = path.join(this.scratch, stage.name);
    const parent = this.built.get(stage.from);
    if (parent) execFileSync('cp', ['-a', parent.dir, dir]);
    else fs.mkdirSync(dir, { recursive: true });
    let workdir = parent?.workdir ?? '/';
    const env = { ...(parent?.env ?? {}) };
    for (const i of stage.instructions) {
      const at = `${this.dockerfile}:${i.line} ${i.keyword} ${i.rest}`;
      switch (i.keyword) {
        case 'WORKDIR':
          workdir = path.posix.resolve(workdir, i.rest);
          fs.mkdirSync(path.join(dir, workdir), { recursive: true });
          break;
        case 'ENV':
          Object.assign(env, envArgs(i.rest));
          break;
        case 'COPY': {
          const { sources, dest } = copyArgs(i.rest);
          const from = i.flags.from;
          const fromDir = from ? this.built.get(from)?.dir : this.context();
          if (!fromDir) throw new Error(`${at}: stage ${from} not built`);
          const to = path.join(dir, path.posix.resolve(workdir, dest));
          for (const src of sources) {
            const source = path.join(fromDir, from ? path.posix.resolve('/', src) : src);
            if (!fs.existsSync(source))
              throw new Error(`${at}: ${src} does not exist${from ? ` in stage ${from}` : ' in the build context'}`);
            const isDir = fs.statSync(source).isDirectory();
            const target =
              !isDir && (dest.endsWith('/') || sources.length > 1) ? path.join(to, path.basename(source)) : to;
            fs.mkdirSync(isDir ? target : path.dirname(target), { recursive: true });
            // Docker copies a directory's contents, keeping symlinks (npm's workspace links) as they are.
            execFileSync('cp', ['-a', isDir ? `${source}/.` : source, target]);
          }
          break;
        }
        case 'RUN':
          // Ownership is not replayed (no such users here), so neither are pure chown steps.
          if (/^chown\s/.test(i.rest) && !/[;&|]/.test(i.rest)) break;
          this.log(`[replay] ${at}`);
          try {
            execSync(i.rest.replace(/\s*&&\s*npm cache clean --force/g, ''), {
              cwd: path.join(dir, workdir),
              shell: '/bin/sh',
              stdio: ['ignore', 'pipe', 'pipe'],
              // Only what an image has: PATH and HOME from the host (its node/npm stand in for the
              // base image's), the stage's ENV; npm may use its local cache rather than re-download.
              env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_prefer_offline: 'true', ...env },
              maxBuffer: 64 * 1024 * 1024,
            });
          } catch (err) {
            // Compilers report on stdout, npm on stderr: keep the end of both.
            const { stdout, stderr } = err as { stdout?: Buffer; stderr?: Buffer };
            throw new Error(
              `${at} failed:\n${String(stdout ?? '').slice(-4000)}\n${String(stderr ?? '').slice(-4000)}`,
            );
          }
          break;
        case 'USER':
        case 'EXPOSE':
        case 'CMD':
          break;
        default:
          throw new Error(`${at}: the replay does not support ${i.keyword}`);
      }
    }
    this.built.set(stage.name, { dir, workdir, env });
  }
}

/** Where a replayed server can reach what a cluster Service would give it. */
export interface LocalServices {
  /** Server URI without a database, e.g. mongodb://127.0.0.1:27018 */
  mongoUri: string;
  /** host:port of NATS Streaming */
  natsHostPort: string;
}

/**
 * The environment a Deployment gives its container, made runnable on this machine: URLs to the
 * MongoDB or NATS Service point at the local servers instead (same scheme and database), secrets
 * get test values, the pod name a unique one, and PORT a free port.
 */
export const deploymentEnv = (
  manifests: Manifest[],
  deployment: Deployment,
  local: LocalServices,
  port: number,
): Record<string, string> => {
  const serviceImage = (name: string): string | undefined => {
    const service = ofKind<Service>(manifests, 'Service').find((s) => s.metadata.name === name);
    const selector = service?.spec.selector ?? {};
    const target = ofKind<Deployment>(manifests, 'Deployment').find((d) =>
      Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
    );
    return target && imageName(target.spec.template.spec.containers[0].image);
  };
  const resolve = (e: EnvVar): string => {
    // As long as the README's `openssl rand -base64 32` (production refuses a shorter JWT_KEY), and
    // the same for every Deployment reading that Secret.
    if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      return createHash('sha256').update(`replay-${name}-${key}`).digest('base64');
    }
    // Unique like a pod name: two replays of one Deployment must not share a NATS client id.
    if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name')
      return `${deployment.metadata.name}-replay-${randomBytes(4).toString('hex')}`;
    if (e.valueFrom)
      throw new Error(
        `${deployment.metadata.name} ${e.name}: the replay cannot resolve ${JSON.stringify(e.valueFrom)}`,
      );
    const url = /^([a-z]+):\/\/([a-z0-9-]+):(\d+)(.*)$/.exec(e.value ?? '');
    if (!url) return e.value ?? '';
    const image = serviceImage(url[2]);
    if (image === 'mongo') return `${local.mongoUri}${url[4]}`;
    if (image === 'nats-streaming') return `${url[1]}://${local.natsHostPort}${url[4]}`;
    return e.value ?? '';
  };
  const env: Record<string, string> = {};
  for (const e of deployment.spec.template.spec.containers[0].env ?? []) env[e.name] = resolve(e);
  env.PORT = String(port);
  return env;
};

export interface RunningServer {
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then resolves with the exit code, or null if it was still running after `graceMs`. */
  stop(graceMs: number): Promise<number | string | null>;
}

/** Starts a replayed image's CMD in its WORKDIR with the image ENV plus `env`. */
export const startServer = (
  built: ReturnType<DockerfileReplay['build']>,
  env: Record<string, string>,
): RunningServer => {
  const [command, ...args] = built.cmd;
  // Its own process group, standing in for the container: SIGTERM goes to the CMD (PID 1 in the
  // container) only, and whatever is left when it ends is killed with the group, as Docker does.
  const child = spawnGroup(command, args, {
    cwd: built.workdir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...built.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => output,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<null>((r) => (timer = setTimeout(() => r(null), graceMs))),
      ]);
      clearTimeout(timer);
      signalGroup(child.pid as number, 'SIGKILL');
      await exited;
      return result;
    },
  };
};

/** Polls an HTTP path until it answers 200 (or the server exits, or time runs out). */
export const waitForHttp = (server: RunningServer, url: string, timeoutMs: number): Promise<void> =>
  pollHttp(url, {
    timeoutMs,
    intervalMs: 250,
    exited: new Promise<string>((resolve) => {
      const { child } = server;
      if (child.exitCode !== null || child.signalCode !== null)
        resolve(`exited with ${child.exitCode ?? child.signalCode}`);
      else child.once('exit', (code, signal) => resolve(`exited with ${code ?? signal}`));
    }),
  }).catch((err: Error) => {
    throw new Error(`${err.message}:\n${server.output()}`);
  });
