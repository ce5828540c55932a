import { spawn } from 'node:child_process';

/**
 * Tries to show `url` in the user's browser; says whether it tried. Failures are ignored:
 * the URL is printed anyway. On Linux only with a graphical session, so that a server shell
 * does not start a text browser.
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const command =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : undefined;
  if (!command) return false;
  try {
    const [program, ...args] = command as [string, ...string[]];
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
