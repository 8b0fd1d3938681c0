/** Where `sockgrade init-ci` writes the workflow, relative to the repository */
export const WORKFLOW_FILE = '.github/workflows/sockgrade.yml'

/** The folder the grading step writes its report files into, relative to the repository */
export const RESULTS_DIR = 'sockgrade-results'

/** The grading step's id (no Classroom grader action reads it: sockgrade prints the points notices itself) */
export const GRADE_STEP_ID = 'sockgrade'

/** Marks a step that changes the runner itself (root, the network): a local run of the workflow skips it */
export const RUNNER_SETUP_MARKER = '# sockgrade:runner-setup'

/** Marks the step that installs sockgrade: a local run of the workflow puts its own build on PATH instead */
export const INSTALL_MARKER = '# sockgrade:install'

/** What the workflow is written for */
export interface WorkflowSettings {
  /** A bundled assignment's id (letters, digits and hyphens: safe in YAML and in a shell word) */
  readonly assignment: string
  /** The sockgrade version the runner installs, exactly */
  readonly version: string
  /** The packed sockgrade committed in the repository (relative, e.g. .github/sockgrade/sockgrade-0.1.0.tgz),
   * installed with no registry; absent: sockgrade@version from the npm registry */
  readonly tarball?: string
  /** The course folder committed in the repository (relative), passed to sockgrade check as --course */
  readonly course?: string
}

/** Where `sockgrade init-ci` puts the packed sockgrade, relative to the repository */
export const VENDOR_DIR = '.github/sockgrade'

// The GitHub Actions workflow that grades a student's repository on every push, as text (its comments are for the
// course staff who read it). Its name, job id, triggers, permissions and job condition are those of the
// .github/workflows/classroom.yml GitHub Classroom itself generates (seen across public Classroom repositories)
export function sockgradeWorkflow({ assignment, version, tarball, course }: WorkflowSettings): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(assignment)) throw new Error(`Invalid assignment id "${assignment}"`)
  if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`Invalid sockgrade version "${version}"`)
  if (tarball !== undefined && !/^[\w.][\w./-]*\.tgz$/.test(tarball)) throw new Error(`Invalid sockgrade tarball path "${tarball}"`)
  if (course !== undefined && !/^[\w.][\w./-]*$/.test(course)) throw new Error(`Invalid course folder "${course}"`)
  return `# Grades ${assignment} with sockgrade on every push, as the course will, and reports the points to GitHub
# Classroom. Written by "sockgrade init-ci" (sockgrade ${version}): commit it in the assignment's template
# repository, and list .github/** in Classroom's protected paths so that a change to how work is graded shows.
#
# GitHub Classroom records the points from the notice annotation titled "Autograding report" that
# "--reporter github" prints, and reads it only from a workflow named "Autograding Tests" whose one job is
# "run-autograding-tests", finishing before any other workflow of the commit: keep both names, and add no other
# workflow that runs on push. The triggers, permissions and the job's condition are those of the workflow Classroom
# generates itself.
name: Autograding Tests

# push: each commit a student pushes. repository_dispatch: the runs GitHub Classroom starts itself. workflow_dispatch:
# "Run workflow" in the Actions tab, for a commit whose push started no run (one pushed by another workflow's token).
# No pull_request: each commit of Classroom's Feedback pull request would be graded twice.
# Every run of one commit draws the same inputs: with no --seed, sockgrade check itself (not this file) takes its seed
# from GITHUB_REPOSITORY and GITHUB_SHA, and the log names it ("sockgrade check --seed N" draws the same inputs on a
# student's machine).
on:
  push:
  repository_dispatch:
  workflow_dispatch:

permissions:
  checks: write
  actions: read
  contents: read

jobs:
  run-autograding-tests:
    # The commit GitHub Classroom's bot makes when it creates the student's repository is the template: not graded
    if: github.actor != 'github-classroom[bot]'
    runs-on: ubuntu-24.04
    # A correct pair grades in a few seconds; programs that hang are stopped at sockgrade's own deadline (at most
    # about five minutes: the report's deadlineMs), and the installs take about a minute
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: actions/setup-python@v5
        with:
          python-version: 3.x
      # The sandbox runs each student program in network namespaces of its own (the textbook's hard-coded port 12000
      # works, and nothing is left running). bubblewrap builds them; Ubuntu 24.04 lets an unprivileged user create
      # them only with this sysctl. Grading needs that sandbox (--isolation sandbox): on the runner itself a student's
      # program could write into this job's log from outside sockgrade's output and forge the points notice, so when
      # this step fails the run stops here with an error rather than grade without it
      - name: Install bubblewrap
        run: |
          ${RUNNER_SETUP_MARKER}
          if ! { sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends bubblewrap && sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; }; then
            echo "::error title=sockgrade::Cannot set up bubblewrap: not grading without the sandbox (see the log above)"
            exit 1
          fi
${installStep(version, tarball)}      # Exits as sockgrade check does: 0 full marks, 1 points lost or not gradable, 2 a grader error; a red run means
      # points are missing. The github reporter prints an ::error annotation per check that cost points (at the
      # student's file and line where the failure names one), a ::warning per advisory check missed, and the points
      # notice Classroom records. What a student's program printed reaches the log escaped inside those, or inside
      # ::stop-commands:: (under GITHUB_ACTIONS sockgrade fences every other report so), never as a command of its
      # own: it cannot forge points or annotations. The results folder is emptied first: the student's repository could
      # hold links there that send a report into the log, unfenced, or onto another file
      - name: Grade
        id: ${GRADE_STEP_ID}
        run: |
          rm -rf ${RESULTS_DIR}
          sockgrade check . --assignment ${assignment}${course ? ` --course ${course}` : ''} --isolation sandbox \\
            --reporter terminal \\
            --reporter github \\
            --reporter junit=${RESULTS_DIR}/junit.xml \\
            --reporter markdown=${RESULTS_DIR}/summary.md \\
            --reporter html=${RESULTS_DIR}/report.html
      - name: Write the job summary
        if: always()
        run: |
          if [ -f ${RESULTS_DIR}/summary.md ]; then cat ${RESULTS_DIR}/summary.md >> "$GITHUB_STEP_SUMMARY"; fi
      # The JUnit file for test-report tools, and the report as a page to open in a browser (the run's Summary tab
      # lists it under Artifacts)
      - name: Upload the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: sockgrade-results
          path: |
            ${RESULTS_DIR}/junit.xml
            ${RESULTS_DIR}/report.html
          if-no-files-found: warn
          retention-days: 30
`
}

// The step that installs sockgrade: the tarball committed beside this file (no registry: the grader is in the
// repository, at the version that wrote the workflow), or sockgrade@version from the npm registry
function installStep(version: string, tarball: string | undefined): string {
  const why = `      # Not a devDependency of the student's repository, where the student's own package.json and lock file would
      # choose the grader (and a Python repository needs neither); installed in its own step rather than through npx
      # in the next, so a failed install fails here and is never read as lost points
`
  if (tarball === undefined) {
    return `      # sockgrade at the exact version that wrote this file, from the npm registry: every run of the term grades
      # alike, and this protected file alone decides what grades.
${why}      - name: Install sockgrade
        run: |
          ${INSTALL_MARKER}
          npm install --global --no-audit --no-fund sockgrade@${version}
`
  }
  return `      # sockgrade ${version} from the tarball committed beside this file (its dependencies are inside it): no registry is
      # asked, every run of the term grades alike, and the protected .github/ folder alone decides what grades.
${why}      - name: Install sockgrade
        run: |
          ${INSTALL_MARKER}
          npm install --global --offline --no-audit --no-fund ./${tarball}
`
}
