/** Whether a process of this id runs (EPERM: it does, as another user's); for removing a dead process's temp folders. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
