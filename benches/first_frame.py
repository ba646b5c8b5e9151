#!/usr/bin/env python3
"""What a user waits for: from launching `mlboard` in a terminal to its full first frame,
and from a key to the frame that answers it.

    python3 benches/first_frame.py                 # 1k, 10k and 100k cards, both harnesses
    python3 benches/first_frame.py --sizes 10000 --runs 7 --harness tmux

The in-process benches (`cargo bench --bench board`) time `Store::open` + `App::new` + one
draw in a warm process. A user waits for more: process start, config and key map, the
board's location, terminal set-up, the first frame's bytes through a real terminal. This
script launches the release binary on a generated board (the benches' own boards, under
`target/bench-boards/<n>/`) in a 160x45 terminal and times it, two ways:

- `tmux`: the pane of a private tmux server is respawned with the command, and a tmux
  control-mode client (one process for the whole run, so the harness spawns nothing
  while it measures) asks for `capture-pane` each time the pane has printed something.
  This is the harness of issue 15.
- `pty`: the binary runs on a pseudo-terminal of this process, whose output is fed to a
  minimal screen model. No terminal emulator in between, so it shows the binary's own
  share more exactly.

"The full first frame" is exact: before the timed runs, one untimed run of each board is
left to settle and its screen (every row but the status line) becomes the reference; a
run is done when its screen equals the reference, every visible card drawn. Each harness
has two floors, timed the same way: a shell printing one line (the harness's own cost,
the issue's floor), and `cat` of the bytes mlboard printed for that frame (what a terminal
costs to show that very screen; a program cannot do better). Targets are given as a
ratio to the one-line floor of the same run. `--in-process` also runs, in the same run,
`examples/measure`'s fresh process (open + first draw, no terminal) for the ratio of the
terminal to the in-process time. Keys `j` (next card) and `G` (last card of the column)
are timed from writing the key to the screen showing its frame. The pty harness also
reads the process's resident memory (`VmRSS`, `VmHWM`) once the frame is up.

By default the board's start-up cache is on, as for a user who opened the board before:
the untimed run lasts until the TUI has written it. `--no-cache` turns it off
(`MLBOARD_NO_CACHE=1`), which is what a board's very first start costs.

Nothing here is part of `cargo test`: timings belong to benchmarks, never to tests.
Every run starts a fresh process with a private HOME, so no user config, key map or
recent-boards list is read or written, and no `git` is found around the board. The
machine's load average is printed at the start and the end: a busy machine is slower.
"""

import argparse
import codecs
import fcntl
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

WIDTH, HEIGHT = 160, 45
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = re.compile(r"(Design|Development|Deployment) \d")
KEYS = ["j", "G"]


def board_like(rows):
    """A board seems to be up: three headers with counts, a card below them, the footer.
    Only used to know when to start waiting for the reference run to settle."""
    if len(rows) < HEIGHT:
        return False
    headers = {m.group(1) for m in HEADER.finditer("".join(rows[:3]))}
    first_card = any(re.search(r"[┃│]\s*\S\S", row[:40]) for row in rows[2:6])
    return len(headers) == 3 and first_card and rows[HEIGHT - 1].strip() != ""


def same_frame(reference):
    """Ready when every row but the first (the status line, where messages come and go)
    is the reference's."""
    def ready(rows):
        return len(rows) >= HEIGHT and rows[1:HEIGHT] == reference[1:HEIGHT]
    return ready


def floor_ready(rows):
    return any("floor-line" in row for row in rows)


# ---------------------------------------------------------------------------------------
# tmux harness


class Tmux:
    """A private tmux server with one 160x45 pane, driven through one control-mode
    client: commands and `capture-pane` go through its pipe, and `%output`
    notifications say when the pane has printed something."""

    def __init__(self, env):
        self.socket = f"mlboard-bench-{os.getpid()}"
        self.env = env
        base = ["tmux", "-L", self.socket]
        subprocess.run(base + ["-f", "/dev/null", "new-session", "-d", "-s", "bench",
                               "-x", str(WIDTH), "-y", str(HEIGHT), "exec sleep 100000"],
                       env=env, check=True)
        for option in (["window-size", "manual"], ["remain-on-exit", "on"]):
            subprocess.run(base + ["set-option", "-g", *option], env=env, check=True)
        self.client = subprocess.Popen(base + ["-C", "attach", "-t", "bench"], env=env,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.out = self.client.stdout.fileno()
        self.buffer = b""
        self.output_seen = False
        self.command(f"refresh-client -C {WIDTH}x{HEIGHT}")

    def _line(self, timeout):
        deadline = time.perf_counter() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self.out], [], [], left)[0]:
                return None
            chunk = os.read(self.out, 1 << 16)
            if not chunk:
                raise RuntimeError("the tmux control client ended")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def command(self, text, timeout=10.0):
        """Runs one tmux command; its output lines."""
        self.client.stdin.write(text.encode() + b"\n")
        self.client.stdin.flush()
        block = None
        while True:
            line = self._line(timeout)
            if line is None:
                raise RuntimeError(f"tmux did not answer {text!r}")
            if block is None:
                if line.startswith("%begin"):
                    block = []
                elif line.startswith("%output"):
                    self.output_seen = True
            elif line.startswith("%end") or line.startswith("%error"):
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux: {text!r}: {block}")
                return block
            else:
                block.append(line)

    def wait_output(self, timeout):
        """Waits until the pane prints something (or `timeout` seconds)."""
        deadline = time.perf_counter() + timeout
        while not self.output_seen:
            line = self._line(max(0.0, deadline - time.perf_counter()))
            if line is None:
                return
            if line.startswith("%output"):
                self.output_seen = True

    def rows(self):
        self.output_seen = False
        rows = self.command("capture-pane -p -t bench")
        return rows + [""] * (HEIGHT - len(rows))

    def _until(self, ready, start, timeout):
        while time.perf_counter() - start < timeout:
            rows = self.rows()
            if ready(rows):
                return time.perf_counter() - start, rows
            self.wait_output(timeout - (time.perf_counter() - start))
        raise RuntimeError("timed out:\n" + "\n".join(self.rows()))

    def launch(self, command, ready, timeout=60.0):
        """Seconds from respawning the pane with `command` to `ready(rows)`."""
        # A blank pane first, so nothing of the run before can look like a frame.
        self.command("respawn-pane -k -t bench 'exec sleep 100000'")
        self.command("clear-history -t bench")
        self._until(lambda rows: all(not r.strip() for r in rows), time.perf_counter(), 10)
        self.output_seen = False
        quoted = command.replace("'", "'\\''")
        start = time.perf_counter()
        self.command(f"respawn-pane -k -t bench '{quoted}'")
        return self._until(ready, start, timeout)

    def settle(self, quiet=0.7, timeout=10.0):
        """Waits until the pane prints nothing for `quiet` seconds; its screen then."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.output_seen = False
            self.wait_output(quiet)
            if not self.output_seen:
                break
        return self.rows()

    def key(self, key, timeout=10.0):
        """Seconds from sending `key` to a changed screen."""
        before = self.rows()
        start = time.perf_counter()
        self.command(f"send-keys -t bench {key}")
        return self._until(lambda rows: rows != before, start, timeout)[0]

    def close(self):
        try:
            self.client.stdin.close()
            self.client.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.client.kill()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env,
                       stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------
# pty harness

TOKEN = re.compile(
    r"\x1b\[([0-9;?<=>]*)[ -/]*([@-~])"      # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"     # OSC
    r"|\x1b[()#][0-9A-Za-z]|\x1b[^\[\]]"      # other escapes
    r"|([^\x00-\x1f\x1b\x7f]+)"               # printable text
    r"|[\x00-\x1f\x7f]", re.S)                # a control character
INCOMPLETE = re.compile(r"\x1b(\[[0-9;?<=>]*[ -/]*|\][^\x07\x1b]*|[()#])?\Z")


class Screen:
    """Just enough of a terminal to see what is on screen: printable text (one column a
    character, enough for mlboard's frames), CR/LF, cursor positioning and clearing;
    other escape sequences are skipped."""

    def __init__(self):
        self.cells = [[" "] * WIDTH for _ in range(HEIGHT)]
        self.row = self.col = 0
        self.pending = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data):
        text = self.pending + self.decoder.decode(data)
        cut = INCOMPLETE.search(text)
        self.pending = text[cut.start():] if cut else ""
        text = text[:cut.start()] if cut else text
        for m in TOKEN.finditer(text):
            printable = m.group(3)
            if printable is not None:
                room = WIDTH - self.col
                if room > 0:
                    part = printable[:room]
                    self.cells[self.row][self.col:self.col + len(part)] = part
                self.col += len(printable)
                continue
            final = m.group(2)
            if final is not None:
                self.csi(m.group(1), final)
                continue
            token = m.group(0)
            if token == "\r":
                self.col = 0
            elif token == "\n":
                self.row = min(self.row + 1, HEIGHT - 1)

    def csi(self, params, final):
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")]
        first = numbers[0] if numbers and numbers[0] else 1
        if final in "Hf":
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row, self.col = min(first, HEIGHT) - 1, min(col, WIDTH) - 1
        elif final == "J" and params in ("2", "3"):
            self.cells = [[" "] * WIDTH for _ in range(HEIGHT)]
        elif final == "K" and params in ("", "0"):
            self.cells[self.row][self.col:] = [" "] * (WIDTH - min(self.col, WIDTH))
        elif final == "G":
            self.col = min(first, WIDTH) - 1
        elif final == "C":
            self.col = min(self.col + first, WIDTH - 1)

    def rows(self):
        return ["".join(r) for r in self.cells]


class Pty:
    """One process on a fresh 160x45 pseudo-terminal of this process."""

    def __init__(self, argv, env, expect_bytes=0):
        # Bytes not worth parsing before they have all come (most of the expected
        # frame): parsing as they come would hold up reading them.
        self.unparsed_until = expect_bytes * 9 // 10
        self.unparsed = bytearray()
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        self.screen = Screen()
        self.output = bytearray()
        self.start = self.arrived = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)

    def _read(self, timeout):
        """Everything the process has printed by now (waiting up to `timeout` for the
        first byte), fed to the screen at once: parsing each small chunk as it comes
        would time the harness's Python, not the program."""
        if not select.select([self.master], [], [], timeout)[0]:
            # Quiet: whatever came is all there is for now.
            self.screen.feed(bytes(self.unparsed))
            self.unparsed.clear()
            return False
        data = bytearray()
        while True:
            try:
                data += os.read(self.master, 1 << 16)
            except OSError:
                break
            if not select.select([self.master], [], [], 0)[0]:
                break
        self.arrived = time.perf_counter()
        self.output += data
        self.unparsed += data
        if len(self.output) >= self.unparsed_until:
            self.screen.feed(bytes(self.unparsed))
            self.unparsed.clear()
        return bool(data)

    def until(self, ready, start, timeout=60.0):
        """Seconds from `start` to the arrival of the bytes that made `ready` true (the
        time this harness then takes to parse them is not the program's)."""
        self.arrived = start
        while time.perf_counter() - start < timeout:
            if ready(self.screen.rows()):
                return self.arrived - start
            self._read(0.5)
        raise RuntimeError("timed out:\n" + "\n".join(self.screen.rows()))

    def settle(self, quiet=0.7, timeout=10.0):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end and self._read(quiet):
            pass
        return self.screen.rows()

    def key(self, key, timeout=10.0):
        self.settle(quiet=0.2)
        before = self.screen.rows()
        start = time.perf_counter()
        os.write(self.master, key.encode())
        return self.until(lambda rows: rows != before, start, timeout)

    def memory_kb(self):
        fields = {}
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    fields[name] = int(value.split()[0])
        return fields["VmRSS"], fields["VmHWM"]

    def close(self):
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


# ---------------------------------------------------------------------------------------


def cargo(*args):
    subprocess.run(["cargo", *args], cwd=ROOT, check=True)


def board_dir(n):
    out = subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "measure", "--",
                          "--board", str(n)], cwd=ROOT, check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return out.strip().splitlines()[-1]


def fresh_env(home):
    return {
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "USER": "bench",
        # No git work tree is found around the board (it lives under target/).
        "GIT_CEILING_DIRECTORIES": os.path.dirname(ROOT),
    }


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def stat(values):
    """`median (fastest)`."""
    return f"{ms(statistics.median(values))} ({ms(min(values))})"


def run_tmux(env, binary, boards, frames, runs):
    tmux = Tmux(env)
    try:
        floor = [tmux.launch("printf 'floor-line\\n'; exec sleep 100000", floor_ready)[0]
                 for _ in range(runs)]
        results = {}
        for n, board in boards.items():
            tmux.launch(f"exec {binary} -b {board}", board_like)
            ready = same_frame(tmux.settle())
            cat = f"cat {frames[n]['path']}; exec sleep 100000"
            frame_floor = [tmux.launch(cat, ready)[0] for _ in range(runs)]
            firsts, keys = [], {k: [] for k in KEYS}
            for _ in range(runs):
                firsts.append(tmux.launch(f"exec {binary} -b {board}", ready)[0])
                tmux.settle(quiet=0.2)
                for k in KEYS:
                    keys[k].append(tmux.key(k))
            results[n] = {"frame_floor": frame_floor, "first": firsts, "keys": keys}
        tmux.launch("exec sleep 100000", lambda rows: True)
        return floor, results
    finally:
        tmux.close()


def frame_bytes(output, rows):
    """How many bytes of `output` it takes to show `rows`."""
    low, high = 0, len(output)
    while low < high:
        middle = (low + high) // 2
        screen = Screen()
        screen.feed(bytes(output[:middle]))
        if same_frame(rows)(screen.rows()):
            high = middle
        else:
            low = middle + 1
    return low


def wait_for_cache(env, timeout=60.0):
    """Waits until the start-up cache of the board just opened has been written (the
    TUI writes it on a thread after its first frame), as it is for a user who opened
    the board before; the timed runs then start from it."""
    boards = os.path.join(env["XDG_CACHE_HOME"], "mlboard", "boards")
    before = {e.name: e.stat().st_mtime_ns for e in os.scandir(boards)} if os.path.isdir(boards) else {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.isdir(boards):
            now = {e.name: e.stat().st_mtime_ns for e in os.scandir(boards)
                   if e.name.endswith(".cache")}
            if any(before.get(name) != mtime for name, mtime in now.items()):
                return
        time.sleep(0.05)


def record_frames(env, binary, boards, frames_dir):
    """One untimed run of each board on a pty, left to settle: its screen (the pty
    harness's reference), the bytes it printed (for the `cat` floors) and how many of
    them the first frame took. Unless the cache is turned off, the run also lasts
    until the board's start-up cache is written."""
    frames = {}
    for n, board in boards.items():
        pty = Pty([binary, "-b", board], env)
        try:
            pty.until(board_like, pty.start)
            rows = pty.settle()
            if "MLBOARD_NO_CACHE" not in env:
                wait_for_cache(env)
            path = os.path.join(frames_dir, f"frame-{n}.bin")
            with open(path, "wb") as f:
                f.write(pty.output)
            frames[n] = {"rows": rows, "path": path,
                         "bytes": frame_bytes(pty.output, rows)}
        finally:
            pty.close()
    return frames


def run_pty(env, binary, boards, frames, runs):
    def timed(argv, ready, expect_bytes=0):
        pty = Pty(argv, env, expect_bytes)
        try:
            return pty.until(ready, pty.start)
        finally:
            pty.close()

    shell = ["/bin/sh", "-c"]
    floor = [timed(shell + ["printf 'floor-line\\n'; exec sleep 100000"], floor_ready)
             for _ in range(runs)]
    results = {}
    for n, board in boards.items():
        ready = same_frame(frames[n]["rows"])
        cat = shell + [f"cat {frames[n]['path']}; exec sleep 100000"]
        expect = frames[n]["bytes"]
        frame_floor = [timed(cat, ready, expect) for _ in range(runs)]
        firsts, keys, memory = [], {k: [] for k in KEYS}, []
        for _ in range(runs):
            pty = Pty([binary, "-b", board], env, expect)
            try:
                firsts.append(pty.until(ready, pty.start))
                for k in KEYS:
                    keys[k].append(pty.key(k))
                memory.append(pty.memory_kb())
            finally:
                pty.close()
        results[n] = {"frame_floor": frame_floor, "first": firsts, "keys": keys,
                      "memory": memory, "bytes": frames[n]["bytes"]}
    return floor, results


def in_process(n, runs):
    """`examples/measure`'s fresh process: open + first draw on a test terminal, in s."""
    exe = os.path.join(target_dir(), "release", "examples", "measure")
    times = []
    for _ in range(runs):
        out = subprocess.run([exe, "--child", str(n)], check=True, stdout=subprocess.PIPE,
                             text=True).stdout.split()
        times.append(int(out[3]) / 1e6)
    return times


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


def report(harness, floor, results, inproc):
    print(f"\n## {harness}: floor (a shell printing one line) {stat(floor)}\n")
    head = "| cards | first frame | ratio to floor | `cat` of the same frame |"
    rule = "|---:|---:|---:|---:|"
    if inproc:
        head += " in-process, fresh process | terminal / in-process |"
        rule += "---:|---:|"
    head += " " + " | ".join(f"key `{k}` to its frame" for k in KEYS) + " |"
    rule += "---:|" * len(KEYS)
    if harness == "pty":
        head += " VmRSS (VmHWM) | frame bytes |"
        rule += "---:|---:|"
    print(head)
    print(rule)
    floor_median = statistics.median(floor)
    for n, r in results.items():
        first = statistics.median(r["first"])
        line = f"| {n:,} | {stat(r['first'])} | {first / floor_median:.1f}x | {stat(r['frame_floor'])} |"
        if inproc:
            line += f" {stat(inproc[n])} | {first / statistics.median(inproc[n]):.2f}x |"
        line += " " + " | ".join(stat(r["keys"][k]) for k in KEYS) + " |"
        if harness == "pty":
            rss = statistics.median(m[0] for m in r["memory"]) / 1024
            hwm = statistics.median(m[1] for m in r["memory"]) / 1024
            line += f" {rss:.1f} MB ({hwm:.1f}) | {r['bytes']:,} |"
        print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--harness", choices=["tmux", "pty", "both"], default="both")
    parser.add_argument("--no-cache", action="store_true",
                        help="turn the start-up cache off (MLBOARD_NO_CACHE=1): a board's "
                             "first start, every file read")
    parser.add_argument("--in-process", action="store_true",
                        help="also time examples/measure's fresh process in the same run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    harnesses = ["pty", "tmux"] if args.harness == "both" else [args.harness]
    if "tmux" in harnesses and shutil.which("tmux") is None:
        sys.exit("tmux is not installed")

    cargo("build", "--release", "--quiet", "--bin", "mlboard", "--example", "measure")
    binary = os.path.join(target_dir(), "release", "mlboard")
    boards = {n: board_dir(n) for n in sizes}
    home = tempfile.mkdtemp(prefix="mlboard-first-frame-")
    env = fresh_env(home)
    if args.no_cache:
        env["MLBOARD_NO_CACHE"] = "1"
    print(f"# first frame in a real terminal, {WIDTH}x{HEIGHT}, median (fastest) of "
          f"{args.runs}; start-up cache {'off' if args.no_cache else 'on'}; load average {os.getloadavg()[0]:.1f} at start")
    try:
        inproc = {n: in_process(n, args.runs) for n in sizes} if args.in_process else None
        frames = record_frames(env, binary, boards, home)
        if "pty" in harnesses:
            floor, results = run_pty(env, binary, boards, frames, args.runs)
            report("pty", floor, results, inproc)
        if "tmux" in harnesses:
            floor, results = run_tmux(env, binary, boards, frames, args.runs)
            report("tmux", floor, results, inproc)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
