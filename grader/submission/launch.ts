/** How to start one program of a submission */
export interface LaunchSpec {
  /** argv template: `{python}`, `{port}` and `{host}` are filled in when the program starts */
  readonly command: readonly string[]
  /** The folder it runs in, relative to the submission ('' for the submission itself) */
  readonly cwd: string
  /** The file graded, relative to the submission, for the report (the main source file for compiled languages) */
  readonly file: string
  /** True when the command runs a Python file: Python gets the port shim in host mode and Python 2 detection */
  readonly python: boolean
  /** The command tried once more when the server dies binding its argument as an address (ProgramSpec's address-command) */
  readonly addressCommand?: readonly string[]
}

/** A build step declared in sockgrade.yaml, run once before grading */
export interface BuildSpec {
  /** A shell command line, run with `sh -c` (so `javac *.java` works) */
  readonly shell: string
  /** The folder it runs in, relative to the submission */
  readonly cwd: string
}

/** What grading a submission needs to know about its programs */
export interface ResolvedSubmission {
  readonly server?: LaunchSpec
  readonly client?: LaunchSpec
  readonly build?: BuildSpec
  /** How the programs were found, for the report (for example "server found by content: it binds a UDP socket") */
  readonly notes: readonly string[]
}
