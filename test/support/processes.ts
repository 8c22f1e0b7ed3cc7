import { readdirSync, readFileSync } from 'node:fs';

/** Each process's /proc/PID/stat as pid, name, state and parent (null: it ended while read). */
function stats(): { pid: number; name: string; state: string; ppid: number }[] {
  const out: { pid: number; name: string; state: string; ppid: number }[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // pid (name) state ppid …: the name may hold spaces and brackets, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(pid), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), state: state!, ppid: Number(ppid) });
    } catch {
      // It ended meanwhile.
    }
  }
  return out;
}

/**
 * This process's children left as zombies (state 'Z'): ended and never waited for, as "PID name".
 * Threads share their process's pid, so a child started on a worker thread counts too.
 */
export function zombieChildren(): string[] {
  return stats().filter((p) => p.state === 'Z' && p.ppid === process.pid).map((p) => `${p.pid} ${p.name}`);
}

/** This process's children named `name` in any state (a live child, or a zombie). */
export function childrenNamed(name: string): number[] {
  return stats().filter((p) => p.ppid === process.pid && p.name === name).map((p) => p.pid);
}

/** Waits up to `ms` for `done` (a killed child takes the kernel a moment to end, and its parent a moment to reap). */
export async function settled(done: () => boolean, ms = 2_000): Promise<void> {
  for (let waited = 0; waited < ms && !done(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
}
