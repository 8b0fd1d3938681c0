export const USAGE = `sockgrade: grade socket-programming assignments over real sockets

Usage:
  sockgrade grade <submission-dir> --assignment <id> [options]
  sockgrade validate [rubric.yaml]
  sockgrade list [--probes]
  sockgrade demo

Grade options:
  -a, --assignment <id>     the assignment to grade against (see: sockgrade list)
  --rubric <file>           a rubric of your own instead of the bundled rubric.yaml
  --json                    print the report as JSON on stdout
  --seed <n>                inputs for this seed (the report names the seed it used)
  --timeout-scale <x>       stretch every deadline, for slow machines (default 1)
  --fail-under <percent>    exit 0 when the score reaches this percentage
  --isolation <mode>        auto (default): a sandbox where bubblewrap (or util-linux unshare) works, else host;
                            sandbox: fail when it cannot be had; host: free ports on this machine
  --only <side>             grade only the server or only the client

Exit codes: 0 full marks (or --fail-under reached), 1 points lost or not gradable,
2 bad usage, invalid rubric or grader error.
`
