import fs from 'fs';
import path from 'path';

export interface Instruction {
  keyword: string;
  /** Flags such as `--from=build` or `--chown=node:node`, without the leading dashes. */
  flags: Record<string, string>;
  /** Everything after the keyword and flags. */
  rest: string;
  line: number;
}

export interface Stage {
  name: string;
  /** An image reference, or the name of an earlier stage. */
  from: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
export const parseDockerfile = (text: string): Stage[] => {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const start = i;
    let logical = lines[i];
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) {
      i += 1;
      if (lines[i].trim().startsWith('#')) continue;
      logical = logical.replace(/\\\s*$/, ' ') + lines[i];
    }
    const trimmed = logical.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^(\S+)\s*(.*)$/.exec(trimmed);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    let rest = match[2];
    const flags: Record<string, string> = {};
    let flag: RegExpExecArray | null;
    while ((flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest))) {
      flags[flag[1]] = flag[2] ?? 'true';
      rest = rest.slice(flag[0].length);
    }
    const instruction: Instruction = { keyword, flags, rest: rest.trim(), line: start + 1 };
    if (keyword === 'FROM') {
      const [from, as, name] = instruction.rest.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : String(stages.length), instructions: [] });
    } else {
      const stage = stages[stages.length - 1];
      if (!stage) throw new Error(`line ${start + 1}: ${keyword} before FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
};

export const readDockerfile = (file: string): Stage[] => parseDockerfile(fs.readFileSync(file, 'utf8'));

/** The stage a build produces: `target`, or the last stage (Docker's default). */
export const targetStage = (stages: Stage[], target?: string): Stage => {
  const stage = target ? stages.find((s) => s.name === target) : stages[stages.length - 1];
  if (!stage) throw new Error(`no stage ${target ?? '(last)'}`);
  return stage;
};

/** `target` and every stage it is built from (FROM or COPY --from), earliest first. */
export const stageChain = (stages: Stage[], target: Stage): Stage[] => {
  const needed = new Set<string>();
  const visit = (stage: Stage): void => {
    if (needed.has(stage.name)) return;
    needed.add(stage.name);
    const parents = [stage.from, ...stage.instructions.map((i) => i.flags.from).filter(Boolean)];
    for (const parent of parents) {
      const earlier = stages.find((s) => s.name === parent);
      if (earlier) visit(earlier);
    }
  };
  visit(target);
  return stages.filter((s) => needed.has(s.name));
};

/** Arguments of an exec-form (JSON array) CMD/ENTRYPOINT, or undefined for the shell form. */
export const execForm = (rest: string): string[] | undefined => {
  try {
    const parsed: unknown = JSON.parse(rest);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
};

/** COPY sources and destination (JSON or whitespace form). */
export const copyArgs = (rest: string): { sources: string[]; dest: string } => {
  const args = execForm(rest) ?? rest.split(/\s+/);
  return { sources: args.slice(0, -1), dest: args[args.length - 1] };
};

/** ENV in both forms: `ENV A=1 B="two"` and the legacy `ENV A 1`. */
export const envArgs = (rest: string): Record<string, string> => {
  const unquote = (v: string): string => v.replace(/^"(.*)"$/, '$1');
  if (!/^[\w.-]+=/.test(rest)) {
    const [key, ...value] = rest.split(/\s+/);
    return { [key]: value.join(' ') };
  }
  const env: Record<string, string> = {};
  for (const m of rest.matchAll(/([\w.-]+)=("[^"]*"|\S*)/g)) env[m[1]] = unquote(m[2]);
  return env;
};

/** The stage's WORKDIR and ENV after its (and its parents') instructions, plus USER/CMD/EXPOSE. */
export interface StageConfig {
  workdir: string;
  env: Record<string, string>;
  user?: string;
  cmd?: string[];
  exposed: number[];
}

export const stageConfig = (stages: Stage[], stage: Stage): StageConfig => {
  const parent = stages.find((s) => s.name === stage.from && s !== stage);
  const config: StageConfig = parent
    ? { ...stageConfig(stages, parent), env: { ...stageConfig(stages, parent).env } }
    : { workdir: '/', env: {}, exposed: [] };
  for (const i of stage.instructions) {
    if (i.keyword === 'WORKDIR') config.workdir = path.posix.resolve(config.workdir, i.rest);
    if (i.keyword === 'ENV') Object.assign(config.env, envArgs(i.rest));
    if (i.keyword === 'USER') config.user = i.rest;
    if (i.keyword === 'CMD') config.cmd = execForm(i.rest) ?? ['/bin/sh', '-c', i.rest];
    if (i.keyword === 'EXPOSE') config.exposed.push(...i.rest.split(/\s+/).map((p) => Number(p.split('/')[0])));
  }
  return config;
};
