import { redactCprInText } from '../../domain/cpr/mask-cpr.js';

const closed = new WeakSet<NodeJS.WriteStream>();
const watched = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that stops early (`npm run import -- data | head -1`) closes the pipe; the write then fails with EPIPE,
 * which Node reports as an 'error' event that would end the process with a stack trace in the middle of the work.
 * The command carries on without that output instead (an import still commits or rolls back as a whole), and its
 * exit code still says how the work went.
 */
function write(stream: NodeJS.WriteStream, text: string): void {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
  }
  if (closed.has(stream) || stream.destroyed) return;
  stream.write(text);
}

/** Command-line output: like a log line, it never carries a full CPR number. */
export function print(text: string): void {
  write(process.stdout, `${redactCprInText(text)}\n`);
}

export function printError(text: string): void {
  write(process.stderr, `${redactCprInText(text)}\n`);
}
