// Runs `headroom edge-agent` in its own process for the CLI test (the binary's registry is wired elsewhere).
import { edgeAgentCommand } from '../../edge-agent/cli/command.js';

process.exitCode = await edgeAgentCommand.run({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
