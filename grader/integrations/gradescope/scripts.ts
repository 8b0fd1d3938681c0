/** What the two scripts of an autograder zip are made from */
export interface AutograderScriptSettings {
  readonly assignment: string
  /** The sockgrade tarball's name in the zip */
  readonly tarball: string
  /** Whether the zip holds rubric.yaml */
  readonly rubric: boolean
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
// bubblewrap where the image has it, Node.js when missing or too old (the official tarball, checked against its
// SHASUMS256.txt), then sockgrade from the tarball in the zip with no registry. Every path can be moved by the
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

# sockgrade and its bundled dependencies, from the zip alone
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --offline --no-audit --no-fund --no-update-notifier "$SOURCE/$TARBALL"
node "$PREFIX/node_modules/sockgrade/dist/grader/bin.js" --version >/dev/null
say "sockgrade $(node "$PREFIX/node_modules/sockgrade/dist/grader/bin.js" --version) installed in $PREFIX"
`
}

// run_autograder: Gradescope runs it for each submission, from /autograder. It grades the submission with
// sockgrade and the gradescope reporter; when sockgrade is missing, fails before writing, or runs out of time, a
// results.json written by the shell alone says so to the student, with the error, so Gradescope never shows
// "the autograder failed to execute correctly" without a reason
export function runAutograderScript(settings: AutograderScriptSettings): string {
  const rubric = settings.rubric ? ' --rubric "$SOURCE/rubric.yaml"' : ''
  return `#!/usr/bin/env bash
# sockgrade autograder, written by "sockgrade gradescope build" for the assignment ${settings.assignment}.
# Gradescope runs it for each submission; it always leaves a valid results.json.
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

mkdir -p "$(dirname "$RESULTS")"
rm -f "$RESULTS"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

# stdin with invalid UTF-8 dropped (without iconv: every byte that is not ASCII)
utf8_only() {
  if command -v iconv >/dev/null 2>&1; then iconv -c -f UTF-8 -t UTF-8 2>/dev/null; else LC_ALL=C tr -d '\\200-\\377'; fi
}

# stdin → one JSON string: at most 16 KB, invalid UTF-8 and control characters dropped (tabs and newlines kept,
# escaped), backslashes and quotes escaped
json_string() {
  head -c 16000 | utf8_only | LC_ALL=C tr -d '\\000-\\010\\013-\\037\\177' |
    sed -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g' -e 's/\\t/\\\\t/g' |
    awk 'BEGIN { ORS = ""; print "\\"" } NR > 1 { print "\\\\n" } { print } END { print "\\"" }'
}

# results.json without sockgrade: a visible failed test with the reason, a hidden one with sockgrade's stderr
write_fallback() {
  local reason="$1" tmp="$RESULTS.tmp.$$"
  {
    printf '{\\n  "score": 0,\\n  "output": "The autograder failed: contact course staff. This is not a problem with your submission.",\\n'
    printf '  "output_format": "text",\\n  "stdout_visibility": "hidden",\\n  "tests": [\\n'
    printf '    {\\n      "name": "The autograder failed; contact course staff",\\n      "score": 0,\\n      "max_score": 0,\\n'
    printf '      "status": "failed",\\n      "visibility": "visible",\\n      "output_format": "text",\\n      "output": '
    printf '%s\\n' "$reason" | json_string
    printf '\\n    },\\n    {\\n      "name": "Autograder error details (course staff)",\\n      "score": 0,\\n      "max_score": 0,\\n'
    printf '      "status": "failed",\\n      "visibility": "hidden",\\n      "output_format": "text",\\n      "output": '
    tail -n 60 "$LOG" | json_string
    printf '\\n    }\\n  ]\\n}\\n'
  } >"$tmp" && mv -f "$tmp" "$RESULTS"
}

# A results.json that parses as JSON (node where it runs, else python3, else not empty)
valid_results() {
  [ -s "$RESULTS" ] || return 1
  if command -v node >/dev/null 2>&1; then
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$RESULTS" 2>/dev/null
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$RESULTS" 2>/dev/null
  fi
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
  timeout --kill-after=10 "$TIME_LIMIT" node "$BIN" grade "$SUBMISSION" --assignment "$ASSIGNMENT"${rubric} \\
    --seed "$SEED" --timeout-scale "$TIMEOUT_SCALE" --isolation "$ISOLATION" --reporter "gradescope=$RESULTS" \\
    </dev/null 2>"$LOG" || status=$?
  # Gradescope keeps run_autograder's output for course staff
  cat "$LOG" >&2
  case "$status" in
    124 | 137) reason="sockgrade did not finish within $TIME_LIMIT s and was stopped." ;;
    *) reason="sockgrade exited with code $status without writing results.json: $(grep -av '^\\s*at ' "$LOG" | tail -n 3 | tr '\\n' ' ')" ;;
  esac
fi

if valid_results; then
  # 0 full marks, 1 points lost or not gradable, 2 the grader failed and its report says so: Gradescope shows each
  exit 0
fi
write_fallback "$reason"
exit 0
`
}
