"""The machinery of the hostile-input benchmark: cases, running a process with a time limit (and
signals, thread counting), and classifying what came back. The catalogue is in catalogue.py, the
seeded inputs in fixtures.py, the command line in hostile.py. Standard library only."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

CLEAN, INTERNAL, GARBAGE, HANG, WRONG_CODE, MESSAGE, NA = (
    "CLEAN", "INTERNAL", "GARBAGE", "HANG", "WRONG-CODE", "MESSAGE", "N/A")
OUTCOMES = [CLEAN, INTERNAL, GARBAGE, HANG, WRONG_CODE, MESSAGE, NA]
FAILURES = [INTERNAL, GARBAGE, HANG, WRONG_CODE, MESSAGE]

NORMAL_TIMEOUT = 60
TRAIN_TIMEOUT = 180
SCALE_TIMEOUT = 120
MAX_ERROR_LINE = 2000         # one error line longer than this is not "one line" a person can read
TAIL = 4 * 1024 * 1024        # bytes of stdout/stderr kept for judging


@dataclass
class Case:
    """One hostile case. argv may use {FIX} (the fixtures folder); it runs in its own empty folder."""
    id: str
    cls: int                     # the class, 1-8
    verb: str                    # the verb it needs (for N/A on a binary without it)
    argv: list = field(default_factory=list)
    desc: str = ""               # the setup, in words, for the results file
    setup: Optional[Callable] = None
    expect: str = "any"          # "error": only a clean refusal is right; "ok": only exit 0 is; "any": either, if sane
    blame: Optional[list] = None  # the error line must mention one of these
    suggest: Optional[str] = None  # the error line must offer this (a typo's nearest name)
    require: Optional[list] = None  # the error line must mention each of these (the value as given)
    forbid: Optional[list] = None  # the error line must not contain these (wrong value quoted, wrong advice)
    early: bool = False          # an output problem: the refusal must come before the work (no progress first)
    preserve: object = "auto"    # "auto": every file setup made must be unchanged; a list; or None
    mutable: list = field(default_factory=list)  # globs (relative) that may change under "auto"
    absent: list = field(default_factory=list)   # paths that must not exist after a refusal
    check: Optional[Callable] = None   # check(ctx, res) -> (outcome, reason) or None, on exit 0
    timeout: float = NORMAL_TIMEOUT
    custom: Optional[Callable] = None  # custom(ctx) -> (outcome, reason, rc); multi-step cases
    stdin: Optional[bytes] = None
    cost: float = 1.0            # scheduling hint: expensive cases start first
    needs: Optional[tuple] = None  # (verb words, option): N/A on a binary whose help lacks the option
    folder: str = ""             # its folder under the work folder (set by the runner)

    def command(self) -> str:
        return (" ".join(shlex.quote(a) for a in self.argv).replace("{TINYLAW}", "{FIX}/tiny-law.json")
                .replace("{FIX}", "$FIX").replace("{REPO}", "$REPO"))


@dataclass
class Res:
    argv: list
    rc: Optional[int]
    out: str
    err: str
    seconds: float
    timed_out: bool
    max_threads: int = 0
    signal_at: Optional[float] = None   # seconds after start when the signal went
    stopped_after_signal: Optional[float] = None
    out_bytes: int = 0
    sent_signal: Optional[int] = None
    err_bytes: int = 0
    pid: int = 0
    cwd: str = ""

    def first_err(self) -> str:
        """The first line of stderr that is not progress ("... "), else of stdout."""
        for line in self.err.splitlines():
            if line.strip() and not line.startswith("... "):
                return line.strip()
        for line in self.out.splitlines():
            if line.strip():
                return line.strip()
        return ""


LIVE: set = set()          # process groups of running cases, ended if the benchmark itself is stopped


def _threads(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _read_tail(path: str) -> tuple[str, int]:
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        if size > TAIL:
            head = f.read(TAIL // 2)
            f.seek(size - TAIL // 2)
            data = head + b"\n[...]\n" + f.read()
        else:
            data = f.read()
    return data.decode("utf-8", errors="replace"), size


def execute(argv: list, cwd: str, timeout: float, env: dict, *, sig: Optional[int] = None,
            sig_when: Optional[Callable] = None, sig_grace: float = 30.0,
            second_sig_after: Optional[float] = None, stdin: Optional[bytes] = None,
            stdout_path: Optional[str] = None, close_stdout_after: Optional[int] = None,
            tag: str = "", keep_group: bool = False) -> Res:
    """Runs argv in cwd; kills the process group at the time limit. With sig, sends it once
    sig_when(elapsed) (or sig_when(elapsed, bytes of stderr so far)) is true, then allows
    sig_grace seconds to stop (a HANG otherwise)."""
    out_path = os.path.join(cwd, f".stdout{tag}")
    err_path = os.path.join(cwd, f".stderr{tag}")
    out_f = open(stdout_path if stdout_path else out_path, "wb")
    err_f = open(err_path, "wb")
    stdin_arg = subprocess.PIPE if stdin is not None else subprocess.DEVNULL
    pipe_reader = None
    if close_stdout_after is not None:
        out_f.close()
        out_target = subprocess.PIPE
    else:
        out_target = out_f
    start = time.monotonic()
    p = subprocess.Popen(argv, cwd=cwd, stdout=out_target, stderr=err_f, stdin=stdin_arg, env=env,
                         start_new_session=True)
    LIVE.add(p.pid)
    if stdin is not None:
        try:
            p.stdin.write(stdin)
            p.stdin.close()
        except OSError:
            pass
    if close_stdout_after is not None:
        # read a few bytes, then close the read end: the program's next writes hit EPIPE
        try:
            pipe_reader = p.stdout.read(close_stdout_after)
        finally:
            p.stdout.close()
    max_threads = 0
    signal_at = None
    deadline = start + timeout
    timed_out = False
    second_sent = False
    while True:
        try:
            p.wait(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        max_threads = max(max_threads, _threads(p.pid))
        if sig is not None and signal_at is None and sig_when is not None and (
                sig_when(now - start, os.path.getsize(err_path)) if sig_when.__code__.co_argcount == 2 else sig_when(now - start)):
            try:
                os.kill(p.pid, sig)
            except ProcessLookupError:
                pass
            signal_at = now - start
            deadline = min(deadline, now + sig_grace) if sig != signal.SIGKILL else deadline
        if signal_at is not None and second_sig_after is not None and not second_sent \
                and now - start >= signal_at + second_sig_after:
            try:
                os.kill(p.pid, sig)
            except ProcessLookupError:
                pass
            second_sent = True
        if now > deadline:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
            break
    seconds = time.monotonic() - start
    # anything left in the process group goes too (keep_group: the caller looks for orphans first)
    if not keep_group:
        kill_group(p.pid)
    if not out_f.closed:
        out_f.close()
    err_f.close()
    if close_stdout_after is not None:
        out, out_bytes = (pipe_reader or b"").decode("utf-8", errors="replace"), len(pipe_reader or b"")
    elif stdout_path and not os.path.isfile(stdout_path):
        out, out_bytes = "", 0
    elif stdout_path and os.path.realpath(stdout_path).startswith("/dev/"):
        out, out_bytes = "", 0
    else:
        out, out_bytes = _read_tail(stdout_path or out_path)
    err, err_bytes = _read_tail(err_path)
    stopped = (seconds - signal_at) if signal_at is not None else None
    return Res(argv, p.returncode, out, err, seconds, timed_out, max_threads, signal_at, stopped, out_bytes,
               sig if signal_at is not None else None, err_bytes, p.pid, cwd)


# ---------------------------------------------------------------------------------------------
# What a failure looks like

_INTERNAL = [
    (re.compile(r"internal error", re.I), "internal error"),
    (re.compile(r"Unhandled exception", re.I), "unhandled .NET exception"),
    (re.compile(r"^\s+at [\w.`<>\[\]]+\(.*\)", re.M), ".NET stack trace"),
    (re.compile(r"frame #\d+:"), "LibTorch C++ frames"),
    (re.compile(r"\b(System|Microsoft|TorchSharp|SQLitePCL)\.[\w.]*Exception\b"), ".NET exception type"),
    (re.compile(r"\b\w+Exception: "), ".NET exception text"),
]
_TYPE_LEAK = re.compile(r"System\.[A-Z]\w+|\b(Int32|Int64|UInt32|Double|Boolean|Single|Decimal)\b|expected type|could not be converted", re.I)
_NONFINITE = re.compile(r"(?<![\w.])(NaN|-?Infinity|∞|-?nan|-?inf)(?![\w])")
_LONG_DIGITS = re.compile(r"\d(?:[\d,]){29,}")
_BIG_EXP = re.compile(r"\d[eE]\+?(\d{2,})")
_ZERO_ANSWER = re.compile(r"\bfor 0 (tokens|parameters)\b")
_ALLOWED_STDERR = ("... ", "warning: ", "note: ", "step ", "Plan: ")


def group_alive(pgid: int) -> list:
    """Processes still in a process group (orphans a driver left)."""
    alive = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    return alive


def kill_group(pgid: int):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    LIVE.discard(pgid)


class _NonFinite(ValueError):
    pass


def _strict_json(text: str):
    def bad(c):
        raise _NonFinite(c)
    return json.loads(text, parse_constant=bad)


def internal_marker(text: str) -> Optional[str]:
    for rx, what in _INTERNAL:
        m = rx.search(text)
        if m:
            return what
    return None


def internal_line(text: str) -> str:
    """The line that shows the internal error (the first a marker matches)."""
    for rx, _ in _INTERNAL:
        m = rx.search(text)
        if m:
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            return text[start:end if end >= 0 else None].strip()
    return ""


_HEX_DIGEST = re.compile(r"\b[0-9a-fA-F]{32,}\b")


def sanity(res: Res, is_json: bool) -> Optional[str]:
    """Why an exit-0 answer is garbage (non-finite, absurd, not JSON), or None."""
    if is_json:
        try:
            _strict_json(res.out)
        except _NonFinite as e:
            return f"--json output holds {e.args[0]}"
        except ValueError as e:
            first = res.out.strip().splitlines()[0][:80] if res.out.strip() else "(nothing)"
            return f"--json output is not valid JSON ({str(e)[:60]}; starts {first!r})"
    text = res.out + "\n" + res.err
    if res.cwd:
        # the benchmark's own folders are not the program's figures
        text = text.replace(os.path.dirname(os.path.dirname(res.cwd)), "<work>")
    # checksums are not figures: "8a9e364f..." would read as 9e364
    text = _HEX_DIGEST.sub("<digest>", text)
    m = _NONFINITE.search(text)
    if m:
        line = next((l for l in text.splitlines() if m.group(0) in l), "")
        return f"output holds {m.group(0)}: {line.strip()[:120]!r}"
    m = _LONG_DIGITS.search(text)
    if m:
        return f"absurd {len(m.group(0))}-character figure in the output"
    for m in _BIG_EXP.finditer(text):
        if int(m.group(1)) >= 60:
            line = next((l for l in text.splitlines() if m.group(0) in l), "")
            return f"absurd figure {m.group(0)}... in the output: {line.strip()[:100]!r}"
    m = _ZERO_ANSWER.search(text)
    if m:
        return f"answer for zero: {m.group(0)!r}"
    return None


def snapshot(root: str, skip: list) -> dict:
    """sha256 of every file under root, except those matching skip globs (relative paths)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".tmp")]
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if name.startswith(".stdout") or name.startswith(".stderr"):
                continue
            if any(fnmatch.fnmatch(rel, g) for g in skip):
                continue
            if os.path.islink(full) or not os.path.isfile(full):
                continue
            h = hashlib.sha256()
            with open(full, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            found[rel] = h.hexdigest()
    return found


def changed(before: dict, root: str, skip: list) -> list:
    after = snapshot(root, skip)
    gone = [k for k in before if k not in after]
    diff = [k for k in before if k in after and after[k] != before[k]]
    return [f"{k} changed" for k in diff] + [f"{k} deleted" for k in gone]


def judge(case: Case, res: Res, *, is_json: Optional[bool] = None, expect: Optional[str] = None,
          ok_codes: tuple = (0,), blame: Optional[list] = None) -> tuple[str, str]:
    """The standard verdict on one process run (before file checks)."""
    expect = expect or case.expect
    blame = blame if blame is not None else case.blame
    if is_json is None:
        is_json = "--json" in res.argv
    if res.timed_out:
        if res.signal_at is not None:
            return HANG, f"did not stop within {res.seconds - res.signal_at:.0f} s of the signal"
        return HANG, f"no answer within {res.seconds:.0f} s (limit)"
    text = res.out + "\n" + res.err
    marker = internal_marker(text)
    rc = res.rc
    if rc is not None and rc < 0 and res.sent_signal == -rc and res.sent_signal != signal.SIGKILL:
        return WRONG_CODE, (f"killed by the {signal.Signals(-rc).name} it was sent (a shell sees exit {128 - rc}): "
                            f"no handler, no line, nothing saved on the way out")
    if rc is not None and rc < 0:
        return INTERNAL, f"died of signal {-rc} ({signal.Signals(-rc).name})" + (f"; {marker}" if marker else "")
    if rc in (134, 139):
        return INTERNAL, f"crashed (exit {rc})" + (f"; {marker}" if marker else "")
    if marker and rc != 0:
        return INTERNAL, f"exit {rc}, {marker}: {internal_line(text)[:220]}"
    if rc in ok_codes and rc == 0:
        why = sanity(res, is_json)
        if why:
            return GARBAGE, why
        if marker:
            return INTERNAL, f"exit 0 but {marker} in the output: {internal_line(text)[:200]}"
        if expect == "error":
            return GARBAGE, "accepted the input and answered at exit 0 (a refusal, exit 2, was due)"
        return CLEAN, "answered"
    if rc == 2:
        lines = [l for l in res.err.splitlines() if l.strip()]
        errs = [l for l in lines if l.startswith("error: ")]
        others = [l for l in lines if not l.startswith("error: ") and not l.startswith(_ALLOWED_STDERR)]
        first = errs[0] if errs else (lines[0] if lines else "")
        if expect == "ok":
            return WRONG_CODE, f"refused a valid request: {first[:200]}"
        if res.err_bytes > TAIL:
            return MESSAGE, f"refused with {res.err_bytes:,} bytes of stderr (one line must do): {first[:120]}..."
        if len(errs) != 1:
            return MESSAGE, f"{len(errs)} 'error:' lines on stderr" + (f": {first[:150]}" if first else "")
        if others:
            return MESSAGE, f"stderr has {len(others)} line(s) besides the error, e.g. {others[0][:100]!r}"
        e = errs[0]
        if len(e) > MAX_ERROR_LINE:
            return MESSAGE, f"the error line is {len(e):,} characters long: {e[:120]}..."
        m = _TYPE_LEAK.search(e)
        if m:
            return MESSAGE, f".NET type text '{m.group(0)}' in: {e[:200]}"
        if case.early:
            progress = [l for l in lines if l.startswith("... ")]
            if progress and lines.index(progress[0]) < lines.index(e):
                return MESSAGE, f"refused only after the work ran ({len(progress)} progress lines first): {e[:150]}"
        if blame:
            if not any(b.lower() in e.lower() for b in blame):
                return MESSAGE, f"blames the wrong thing (wanted {' or '.join(blame)}): {e[:200]}"
        else:
            names = [a for a in res.argv[1:] if a.startswith("--")]
            values = [a for a in res.argv[1:] if not a.startswith("--") and len(a) > 1]
            values += [os.path.basename(a) for a in values if "/" in a]
            if not any(n in e for n in names) and not any(v in e for v in values):
                return MESSAGE, f"names no flag or argument: {e[:200]}"
        if case.suggest and case.suggest.lower() not in e.lower():
            return MESSAGE, f"no suggestion of '{case.suggest}': {e[:200]}"
        for r in case.require or []:
            if r.lower() not in e.lower():
                return MESSAGE, f"does not quote '{r}' as given: {e[:200]}"
        if case.forbid:
            for f in case.forbid:
                if f.lower() in e.lower():
                    return MESSAGE, f"says '{f}', which is wrong here: {e[:200]}"
        return CLEAN, f"refused: {e[:200]}"
    if rc == 1:
        e = res.first_err()
        if e.startswith("error: ") and not marker:
            if 1 in ok_codes:
                return CLEAN, f"exit 1 as documented: {e[:150]}"
            if expect == "ok":
                return WRONG_CODE, f"exit 1 on a valid request: {e[:200]}"
            return WRONG_CODE, f"exit 1 (a failure) instead of refusing the input (exit 2): {e[:180]}"
        return INTERNAL, f"exit 1: {e[:200]}"
    if rc == 0 and 0 not in ok_codes:
        if res.signal_at is not None:
            return WRONG_CODE, (f"exit 0 {res.stopped_after_signal:.1f} s after {signal.Signals(res.sent_signal).name}: "
                                f"the signal did not stop the work (exit {'/'.join(map(str, ok_codes))} was due)")
        return WRONG_CODE, f"exit 0, expected {'/'.join(map(str, ok_codes))}: {res.first_err()[:150]}"
    if rc in ok_codes:
        if marker:
            return INTERNAL, f"exit {rc} with {marker}"
        return CLEAN, f"exit {rc} as expected: {res.first_err()[:150]}"
    return WRONG_CODE, f"exit {rc}: {res.first_err()[:200]}"


class Ctx:
    """What a case's setup and checks work with: its folder, the fixtures, the binary."""

    def __init__(self, case: Case, dir: str, fix: str, binary: str, env: dict, fixtures, repo: str):
        self.case, self.dir, self.fix, self.binary, self.env, self.repo = case, dir, fix, binary, env, repo
        self.fixtures = fixtures
        self.steps = 0

    # paths and files
    def p(self, rel: str) -> str:
        return rel if os.path.isabs(rel) else os.path.join(self.dir, rel)

    def write(self, rel: str, data) -> str:
        path = self.p(rel)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def read(self, rel: str) -> bytes:
        with open(self.p(rel), "rb") as f:
            return f.read()

    def copy(self, src: str, rel: str) -> str:
        dst = self.p(rel)
        if os.path.isdir(src):
            shutil.copytree(src, dst, symlinks=True)
        else:
            os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
            shutil.copy2(src, dst)
        return dst

    def exec(self, argv: list, timeout: Optional[float] = None, **kw) -> Res:
        self.steps += 1
        argv = [a.replace("{TINYLAW}", "{FIX}/tiny-law.json").replace("{FIX}", self.fix).replace("{REPO}", self.repo) for a in argv]
        return execute([self.binary] + argv, self.dir, timeout or self.case.timeout, self.env,
                       tag=str(self.steps), **kw)
