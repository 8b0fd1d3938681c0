/** What the two scripts of an autograder zip are made from */
export interface AutograderScriptSettings {
  readonly assignment: string
  /** The sockgrade tarball's name in the zip */
  readonly tarball: string
  /** Whether the zip holds rubric.yaml */
  readonly rubric: boolean
  /** Whether the zip holds course/ (an instructor's course folder, as much of it as the assignment needs) */
  readonly course?: boolean
  readonly seed: number
  readonly timeoutScale: number
  /** run_autograder's bound on sockgrade, in seconds (timeLimitSeconds) */
  readonly timeLimitS: number
}

/** The Node.js setup.sh installs where the image has none, or one older than 20.18: the version sockgrade is tested on */
export const NODE_VERSION = '20.20.2'

// Gradescope stops a submission after 10 minutes by default: sockgrade gets 9, so the fallback results.json is
// still written when it hangs
export const DEFAULT_TIME_LIMIT_S = 540
// The longest grading deadline of the bundled assignments (multiline-tcp: 241 s at scale 1), with room to start
const LONGEST_DEADLINE_S = 260

// How long run_autograder lets sockgrade run: 9 minutes, or more when --timeout-scale stretches the deadlines past
// them (Gradescope's own timeout must then be raised too: the build says so)
export function timeLimitSeconds(timeoutScale: number): number {
  return Math.max(DEFAULT_TIME_LIMIT_S, Math.ceil(LONGEST_DEADLINE_S * timeoutScale) + 60)
}

// A value as one shell word, in single quotes
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

// setup.sh: Gradescope runs it once, as root, when it builds the autograder image (Ubuntu). It installs Python 3,
// bubblewrap where the image has it, util-linux (setpriv, prlimit: checked), Node.js when missing or too old (the
// official tarball, checked against its SHASUMS256.txt), then sockgrade from the tarball in the zip with no registry. Every path can be moved by the
// environment; SOCKGRADE_SETUP_SKIP_SYSTEM=1 skips apt and Node.js (tests, an image that has them)
export function setupScript(settings: AutograderScriptSettings): string {
  return `#!/usr/bin/env bash
# sockgrade autograder set-up, written by "sockgrade gradescope build". Gradescope runs it as root when it
# builds the autograder image.
set -euo pipefail

AUTOGRADER_ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SOURCE="\${SOCKGRADE_SOURCE:-$AUTOGRADER_ROOT/source}"
PREFIX="\${SOCKGRADE_PREFIX:-$AUTOGRADER_ROOT/sockgrade}"
NODE_VERSION="\${SOCKGRADE_NODE_VERSION:-${NODE_VERSION}}"
NODE_DIR="\${SOCKGRADE_NODE_DIR:-/usr/local}"
TARBALL=${shellQuote(settings.tarball)}
export PATH="$NODE_DIR/bin:$PATH"

say() { printf 'sockgrade setup: %s\\n' "$*" >&2; }

# Node.js 20.18 or later (util.styleText with stream options, the engines field of sockgrade)
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 18) ? 0 : 1)'
}

# The official Linux build, checked against the release's SHASUMS256.txt: no third-party apt repository, the
# same version on every Ubuntu image, and the version sockgrade is tested with
install_node() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) say "no Node.js build for $(uname -m): install Node.js 20.18 or later in the image"; exit 1 ;;
  esac
  local name="node-v$NODE_VERSION-linux-$arch" work
  work="$(mktemp -d)"
  say "installing Node.js $NODE_VERSION ($arch) into $NODE_DIR"
  curl -fsSL --retry 3 -o "$work/$name.tar.xz" "https://nodejs.org/dist/v$NODE_VERSION/$name.tar.xz"
  curl -fsSL --retry 3 -o "$work/SHASUMS256.txt" "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt"
  (cd "$work" && grep " $name.tar.xz\\$" SHASUMS256.txt | sha256sum -c -)
  mkdir -p "$NODE_DIR"
  tar -xJf "$work/$name.tar.xz" -C "$NODE_DIR" --strip-components=1 --no-same-owner
  rm -rf "$work"
}

if [ "\${SOCKGRADE_SETUP_SKIP_SYSTEM:-}" != 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # util-linux: prlimit, setpriv, unshare; iproute2: loopback in the unshare sandbox
  apt-get install -y -qq --no-install-recommends ca-certificates curl xz-utils python3 util-linux iproute2
  # The sandbox needs namespaces, which Gradescope's containers usually refuse: sockgrade then grades in host mode
  apt-get install -y -qq --no-install-recommends bubblewrap || say "bubblewrap is not available: grading will run in host mode"
  node_ok || install_node
fi

if ! node_ok; then
  say "Node.js 20.18 or later is needed, found: $(node --version 2>/dev/null || echo none)"
  exit 1
fi
command -v python3 >/dev/null 2>&1 || say "python3 is missing: Python submissions cannot be graded"
# In host mode as root, sockgrade runs student programs under another uid with setpriv, and limits them with prlimit
for tool in setpriv prlimit; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "$tool (util-linux) is missing: student programs could not run as another user. Install util-linux in the image"
    exit 1
  fi
done

# sockgrade and its bundled dependencies, from the zip alone
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --offline --no-audit --no-fund --no-update-notifier "$SOURCE/$TARBALL"
node "$PREFIX/node_modules/sockgrade/dist/grader/bin.js" --version >/dev/null
${settings.course ? `
# The course's reference servers (the oracle of an assignment answered by one): readable by root only, who grades.
# Student programs run under a uid of their own, or in a sandbox that does not show them
if [ -d "$SOURCE/course/reference" ]; then
  chmod -R go-rwx "$SOURCE/course/reference" || { say "cannot make $SOURCE/course/reference readable by root only"; exit 1; }
fi
` : ''}say "sockgrade $(node "$PREFIX/node_modules/sockgrade/dist/grader/bin.js" --version) installed in $PREFIX"

# Grading as root in host mode, sockgrade runs the student's programs under a uid of their own only where setpriv is
# on PATH and another user can reach Python, the package and the temporary folder; else they run as root, and can
# write results.json or kill the grader. Said here, in the build log (a warning: grading works either way)
if [ "$(id -u)" = 0 ]; then
  uid_check=0
  node -e 'import(require("url").pathToFileURL(process.argv[1]).href).then((m) => m.hostStudentUid()).then(
    (uid) => process.exit(uid === undefined ? 1 : 0), () => process.exit(2))' \\
    "$PREFIX/node_modules/sockgrade/dist/grader/process/host-student-uid.js" || uid_check=$?
  case "$uid_check" in
    0) say "student programs will run as a uid of their own, not root" ;;
    1) say "WARNING: student programs would run as root: setpriv is missing, or another user cannot reach python3, $PREFIX or the temporary folder" ;;
    *) say "WARNING: could not check which user student programs will run as" ;;
  esac
fi
`
}

// run_autograder: Gradescope runs it for each submission, from /autograder. It grades the submission with
// sockgrade and the gradescope reporter; when sockgrade is missing, fails before writing, or runs out of time, a
// results.json written without sockgrade says so to the student, with the error, so Gradescope never shows
// "the autograder failed to execute correctly" without a reason.
// Student programs run while it waits, and may write anywhere they can: sockgrade writes its report into a folder
// only root can open, and run_autograder puts into the results folder (writable by root only) a report it read
// back as strict UTF-8 JSON after sockgrade exited 0, 1 or 2, or else its own. Whatever else is at the real
// path, written before or during grading, is replaced, never kept
export function runAutograderScript(settings: AutograderScriptSettings): string {
  const rubric = settings.rubric ? ' --rubric "$SOURCE/rubric.yaml"' : settings.course ? ' --course "$SOURCE/course"' : ''
  return `#!/usr/bin/env bash
# sockgrade autograder, written by "sockgrade gradescope build" for the assignment ${settings.assignment}.
# Gradescope runs it for each submission, as root; it always leaves a valid results.json, and only one it
# wrote itself.
set -uo pipefail

AUTOGRADER_ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SOURCE="\${SOCKGRADE_SOURCE:-$AUTOGRADER_ROOT/source}"
PREFIX="\${SOCKGRADE_PREFIX:-$AUTOGRADER_ROOT/sockgrade}"
SUBMISSION="\${SOCKGRADE_SUBMISSION:-$AUTOGRADER_ROOT/submission}"
RESULTS="\${SOCKGRADE_RESULTS:-$AUTOGRADER_ROOT/results/results.json}"
NODE_DIR="\${SOCKGRADE_NODE_DIR:-/usr/local}"
# auto: a sandbox where the container allows namespaces, else host mode with the Python shim
ISOLATION="\${SOCKGRADE_ISOLATION:-auto}"
TIME_LIMIT="\${SOCKGRADE_TIME_LIMIT:-${settings.timeLimitS}}"
ASSIGNMENT=${shellQuote(settings.assignment)}
SEED=${settings.seed}
TIMEOUT_SCALE=${settings.timeoutScale}
export PATH="$NODE_DIR/bin:$PATH"
BIN="$PREFIX/node_modules/sockgrade/dist/grader/bin.js"
RESULTS_DIR="$(dirname "$RESULTS")"

say() { printf 'run_autograder: %s\\n' "$*" >&2; }

# The results folder, writable by its owner only. Gradescope creates /autograder/results (owned by root, which
# runs this script); where it is missing it is made here, owned by root when run as root. Student programs run
# under another uid in host mode as root, so they cannot create, replace or remove anything in it
if [ ! -d "$RESULTS_DIR" ]; then
  mkdir -p -m 755 "$RESULTS_DIR" || { say "cannot create $RESULTS_DIR"; exit 1; }
  if [ "$(id -u)" = 0 ]; then chown 0:0 "$RESULTS_DIR"; fi
fi
chmod 755 "$RESULTS_DIR" || say "cannot make $RESULTS_DIR writable by its owner only"
if [ -d "$RESULTS" ] && [ ! -L "$RESULTS" ]; then
  say "$RESULTS is a folder: it must be the path of the results file"
  exit 1
fi
# No results.json from before this run: the one left at the end is written below
rm -f -- "$RESULTS"

# sockgrade's report, the log and the fallback's parts, where only root (this script's user) can read or write
PRIVATE="$(mktemp -d)" || { say "mktemp -d failed"; exit 1; }
chmod 700 "$PRIVATE"
trap 'rm -rf -- "$PRIVATE"' EXIT
LOG="$PRIVATE/log"
: >"$LOG"

# Whether the file is one JSON object in strictly valid UTF-8 (node, else python3; neither: no)
valid_results() {
  [ -f "$1" ] && [ -s "$1" ] || return 1
  if command -v node >/dev/null 2>&1; then
    node -e 'const v = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(require("fs").readFileSync(process.argv[1])))
      process.exit(v !== null && typeof v === "object" && !Array.isArray(v) ? 0 : 1)' "$1" 2>/dev/null
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys
def constant(name): raise ValueError(name)
v = json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict"), parse_constant=constant)
sys.exit(0 if isinstance(v, dict) else 1)' "$1" 2>/dev/null
  else
    return 1
  fi
}

# The file $1 as results.json, replacing whatever is at that path (a file, a link or a folder): copied into a new
# file of the results folder, then renamed over the path, so Gradescope never reads half of it
place() {
  local tmp
  tmp="$(mktemp "$RESULTS_DIR/.results.json.XXXXXX")" || return 1
  if cat -- "$1" >"$tmp" && chmod 644 "$tmp" && rm -rf -- "$RESULTS" && mv -fT -- "$tmp" "$RESULTS"; then
    return 0
  fi
  rm -f -- "$tmp"
  return 1
}

FALLBACK_SUMMARY="The autograder failed: contact course staff. This is not a problem with your submission."
FALLBACK_TEST="The autograder failed; contact course staff"
FALLBACK_DETAILS="Autograder error details (course staff)"

# The fallback with node: invalid UTF-8 replaced (U+FFFD), control characters but tabs and newlines dropped,
# JSON.stringify for the rest
fallback_node() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const fs = require("fs")
    const [out, reasonFile, detailsFile, summary, failed, details] = process.argv.slice(1)
    const text = (file) => new TextDecoder("utf-8").decode(fs.readFileSync(file)).replace(/[\\u0000-\\u0008\\u000b-\\u001f\\u007f]/g, "").replace(/\\n$/, "")
    const test = (name, visibility, output) => ({ name, score: 0, max_score: 0, status: "failed", visibility, output_format: "text", output })
    fs.writeFileSync(out, JSON.stringify({
      score: 0, output: summary, output_format: "text", stdout_visibility: "hidden",
      tests: [test(failed, "visible", text(reasonFile)), test(details, "hidden", text(detailsFile))],
    }, null, 2) + "\\n")' \\
    "$1" "$PRIVATE/reason" "$PRIVATE/details" "$FALLBACK_SUMMARY" "$FALLBACK_TEST" "$FALLBACK_DETAILS"
}

# stdin → one JSON string in the shell alone: every byte that is not ASCII dropped (no iconv: glibc's lets
# through sequences that are not UTF-8), control characters but tabs and newlines dropped, backslashes, quotes,
# tabs and newlines escaped
json_string() {
  LC_ALL=C tr -d '\\000-\\010\\013-\\037\\177-\\377' |
    LC_ALL=C sed -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g' -e 's/\\t/\\\\t/g' |
    LC_ALL=C awk 'BEGIN { ORS = ""; print "\\"" } NR > 1 { print "\\\\n" } { print } END { print "\\"" }'
}

# The fallback without node (missing, or not running)
fallback_shell() {
  {
    printf '{\\n  "score": 0,\\n  "output": "%s",\\n' "$FALLBACK_SUMMARY"
    printf '  "output_format": "text",\\n  "stdout_visibility": "hidden",\\n  "tests": [\\n'
    printf '    {\\n      "name": "%s",\\n      "score": 0,\\n      "max_score": 0,\\n' "$FALLBACK_TEST"
    printf '      "status": "failed",\\n      "visibility": "visible",\\n      "output_format": "text",\\n      "output": '
    json_string <"$PRIVATE/reason"
    printf '\\n    },\\n    {\\n      "name": "%s",\\n      "score": 0,\\n      "max_score": 0,\\n' "$FALLBACK_DETAILS"
    printf '      "status": "failed",\\n      "visibility": "hidden",\\n      "output_format": "text",\\n      "output": '
    json_string <"$PRIVATE/details"
    printf '\\n    }\\n  ]\\n}\\n'
  } >"$1"
}

# results.json without sockgrade's report: a visible failed test with the reason, a hidden one with the end of
# sockgrade's stderr (each at most 16 KB)
write_fallback() {
  printf '%s\\n' "$1" | head -c 16000 >"$PRIVATE/reason"
  tail -n 60 "$LOG" | head -c 16000 >"$PRIVATE/details"
  local out="$PRIVATE/fallback.json"
  fallback_node "$out" || fallback_shell "$out"
  place "$out" || { say "cannot write $RESULTS"; exit 1; }
}

status=0
if ! command -v node >/dev/null 2>&1; then
  echo "node was not found on PATH ($PATH)" >"$LOG"
  reason="Node.js is not installed in the autograder image: setup.sh did not finish. Rebuild the autograder and read its build log."
elif [ ! -f "$BIN" ]; then
  echo "$BIN does not exist" >"$LOG"
  reason="sockgrade is not installed in the autograder image (no $BIN): setup.sh did not finish. Rebuild the autograder and read its build log."
else
  # sockgrade enforces its own deadline per grading; this bounds everything else (a hung install, a wedged machine)
  started=$SECONDS
  timeout --kill-after=10 "$TIME_LIMIT" node "$BIN" grade "$SUBMISSION" --assignment "$ASSIGNMENT"${rubric} \\
    --seed "$SEED" --timeout-scale "$TIMEOUT_SCALE" --isolation "$ISOLATION" --reporter "gradescope=$PRIVATE/results.json" \\
    </dev/null 2>"$LOG" || status=$?
  elapsed=$((SECONDS - started))
  # Gradescope keeps run_autograder's output for course staff
  cat "$LOG" >&2
  last="$(grep -av '^\\s*at ' "$LOG" | tail -n 3 | LC_ALL=C tr -d '\\000' | tr '\\n' ' ')"
  case "$status" in
    0 | 1 | 2)
      # 0 full marks, 1 points lost or not gradable, 2 the grader failed and its report says so: Gradescope shows each
      if valid_results "$PRIVATE/results.json"; then
        place "$PRIVATE/results.json" && exit 0
        say "cannot write $RESULTS"
      fi
      reason="sockgrade exited with code $status without writing a valid results.json: $last" ;;
    124) reason="sockgrade did not finish within $TIME_LIMIT s and was stopped." ;;
    *)
      if [ "$status" -gt 128 ] && [ "$status" -le 192 ]; then
        if [ "$status" = 137 ] && [ "$elapsed" -ge "$TIME_LIMIT" ]; then
          reason="sockgrade did not finish within $TIME_LIMIT s and was stopped."
        else
          reason="sockgrade was stopped by SIG$(kill -l "$((status - 128))" 2>/dev/null || echo "$((status - 128))") before it finished: $last"
        fi
      else
        reason="sockgrade exited with code $status without writing results.json: $last"
      fi ;;
  esac
fi

write_fallback "$reason"
exit 0
`
}
