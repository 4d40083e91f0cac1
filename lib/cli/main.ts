/*
 * The `cdk8s-patterns` command (package.json "bin" → bin/cdk8s-patterns.js → here).
 * Every mistake of the user or of the input is one plain message and exit code 2; a stack
 * trace only with DEBUG set.
 */
import * as fs from 'fs';
import { Io, UsageError } from './args';
import { validateCommand } from './validate';

const HELP = `Usage: cdk8s-patterns <command> [options]

Commands:
  validate <file|directory|->...           check Kubernetes YAML/JSON with the synth-time checks
  diagram <file|directory|->... -o <file>  draw the app (Ingress/Gateway → routes → Services → workloads) as SVG or DOT

Run cdk8s-patterns <command> --help for a command's options.
`;

type Command = (args: string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, () => Command> = {
  validate: () => validateCommand,
  // Loaded on demand: the diagram command brings a Graphviz WebAssembly build that validate does not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  diagram: () => (require('./diagram') as typeof import('./diagram')).diagramCommand,
};

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

/** Runs the command line `args` (without node and the script) and returns the exit code. */
export async function main(args: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === undefined) {
      io.stderr(HELP);
      return 2;
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}"; the commands are ${Object.keys(COMMANDS).join(' and ')}`);
    return await load()(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-patterns${Object.prototype.hasOwnProperty.call(COMMANDS, command) ? ` ${command}` : ''}: ${e.message}\n`);
    } else {
      io.stderr(`cdk8s-patterns: ${process.env.DEBUG ? (e as Error).stack : (e as Error).message}\n`);
    }
    return 2;
  }
}
