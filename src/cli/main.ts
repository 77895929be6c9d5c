// prunelab: the command line over src/core. Each command is one file; this dispatches and turns
// every failure into one line on stderr and a non-zero exit code.
import { CliError } from './errors';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { processOutput, type CliOutput } from './output';
import { pruneCommand } from './prune';
import { summaryCommand } from './summary';
import { thinCommand } from './thin';
import { USAGE } from './usage';
import { sensitivityCommand } from './sensitivity';
import { hanCommand, scheduleCommand } from './schedule';
import { mergeCommand } from './merge';
import { liCommand } from './li';

export const COMMANDS: Record<string, (args: string[], io: CliOutput) => Promise<void>> = {
  summary: summaryCommand,
  eval: evalCommand,
  prune: pruneCommand,
  thin: thinCommand,
  sensitivity: sensitivityCommand,
  schedule: scheduleCommand,
  han: hanCommand,
  li: liCommand,
  merge: mergeCommand,
  export: exportCommand,
};

/** Errors that say what is wrong with a file the user gave: exit code 2, as for a bad argument. */
const INPUT_ERRORS = new Set([
  'DataFormatError',
  'ModelFormatError',
  'OnnxModelError',
  'ModelArtifactsError',
  'DistillerYamlError',
  'SensitivityInputError',
  'PlanFormatError',
  'MappingError',
]);

/** Runs one command line; returns the exit code (0 on success). */
export async function runCli(argv: string[], io: CliOutput = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (
    command === undefined ||
    command === '--help' ||
    command === '-h' ||
    command === 'help' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    io.out(USAGE);
    return 0;
  }
  try {
    const run = COMMANDS[command];
    if (!run)
      throw new CliError(
        `unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')} (prunelab --help)`,
        2,
      );
    await run(rest, io);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.err(`prunelab: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return e instanceof CliError ? e.exitCode : e instanceof Error && INPUT_ERRORS.has(e.name) ? 2 : 1;
  }
}
