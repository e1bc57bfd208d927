import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/**
 * Runs a server in a child process so that the load generator (this process) and the server each
 * get their own core, the same way for the bare-Fastify baseline and for the platform.
 * `entry` is a module path; the child reports its port over IPC.
 */
export function startServerProcess(entry: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      // XINGHUO_BENCH_PROFILE=<dir> writes a CPU profile of each server process there.
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.XINGHUO_BENCH_PROFILE
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.XINGHUO_BENCH_PROFILE}`]
          : []),
      ],
      env: { ...process.env, XINGHUO_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // A server that did not start is killed: left running, it loaded the shared machine for the rest of the run.
    const timer = setTimeout(() => {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start in 60 s`));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
    child.on('message', (message: { port?: number }) => {
      if (!message.port) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        child,
        close: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export const BARE_SERVER = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
export const PLATFORM_SERVER = fileURLToPath(new URL('./platform-server.ts', import.meta.url));
