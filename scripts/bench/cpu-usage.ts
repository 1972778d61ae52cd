/**
 * Where the machine's CPU went during a phase (Linux /proc): the app process, PostgreSQL's
 * processes, nginx's, the load generator (which reports its own use) and the machine as a whole.
 * The open-loop workloads run the generator on the same two cores as the server, so a figure
 * like goodput under overload reads right only beside what the generator and the refusals took.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Kernel clock ticks per second for /proc times (USER_HZ, 100 on every mainstream Linux). */
const ticksPerSecond = 100;

/** Ticks per process of a group: a process that ended between two snapshots must not subtract its ticks. */
type Group = Map<string, number>;
export type CpuSnapshot = { at: number; machineBusyTicks: number; app: number; nginx: Group; postgres: Group };

/** Percent of one core each took (200 = both cores of a 2-core machine). */
export type CpuShares = { app: number; postgres: number; nginx: number; generator: number; machine: number; cores: number };

function processTicks(pid: string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  } catch {
    return 0; // gone, or not Linux
  }
}

function commandOf(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function machineBusyTicks(): number {
  try {
    const [, ...values] = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values.map(Number);
    return user + nice + system + irq + softirq + steal;
  } catch {
    return 0;
  }
}

export function cpuSnapshot(appPid: number): CpuSnapshot {
  const nginx: Group = new Map();
  const postgres: Group = new Map();
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    // not Linux: the shares stay 0
  }
  for (const pid of pids) {
    const command = commandOf(pid);
    if (command === 'nginx') nginx.set(pid, processTicks(pid));
    else if (command === 'postgres') postgres.set(pid, processTicks(pid));
  }
  return { at: performance.now(), machineBusyTicks: machineBusyTicks(), app: processTicks(String(appPid)), nginx, postgres };
}

/** Ticks used between two snapshots by the processes alive at the second (a new one from its start). */
function groupTicks(before: Group, after: Group): number {
  let ticks = 0;
  for (const [pid, now] of after) ticks += Math.max(0, now - (before.get(pid) ?? 0));
  return ticks;
}

/** The shares between two snapshots; `generatorCpuMs` is what the generator process reported. */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot, generatorCpuMs: number): CpuShares {
  const seconds = Math.max((after.at - before.at) / 1000, 0.001);
  const percent = (ticks: number) => Math.round(((ticks / ticksPerSecond) / seconds) * 100);
  return {
    app: percent(after.app - before.app),
    postgres: percent(groupTicks(before.postgres, after.postgres)),
    nginx: percent(groupTicks(before.nginx, after.nginx)),
    generator: Math.round((generatorCpuMs / 1000 / seconds) * 100),
    machine: percent(after.machineBusyTicks - before.machineBusyTicks),
    cores: os.availableParallelism(),
  };
}

export function describeCpu(cpu: CpuShares): string {
  return `CPU (% of one core, ${cpu.cores * 100}% in all): app ${cpu.app}%, PostgreSQL ${cpu.postgres}%, nginx ${cpu.nginx}%, load generator ${cpu.generator}%, machine ${cpu.machine}%`;
}
