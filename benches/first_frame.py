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

- `tmux`: the pane of a private tmux server is respawned with the command and
  `capture-pane` is polled until the three column headers with their counts, a card and
  the footer are on screen. This is the harness of issue 15; its "floor" (a shell printing
  one line, timed the same way) is the cost of the harness itself, so targets are given as
  a ratio to the floor of the same run.
- `pty`: the binary runs on a pseudo-terminal of this process, whose output is fed to a
  minimal screen model until the same things are on screen. Its floor is much lower (no
  tmux in between), so it shows the binary's own share more exactly.

Nothing here is part of `cargo test`: timings belong to benchmarks, never to tests.
Every run starts a fresh process with a private HOME, so no user config, key map or
recent-boards list is read or written, and no `git` is found around the board.
"""

import argparse
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


def board_ready(rows):
    """The full first frame: three headers with counts, a card below them, the footer."""
    if len(rows) < HEIGHT:
        return False
    top = "".join(rows[:3])
    headers = {m.group(1) for m in HEADER.finditer(top)}
    if len(headers) < 3:
        return False
    # A card's title in the first column, under the header row.
    first_card = any(re.search(r"[┃│]\s*\S\S", row[:40]) for row in rows[2:6])
    footer = rows[HEIGHT - 1].strip() != ""
    return first_card and footer


def floor_ready(rows):
    return any("floor-line" in row for row in rows)


# ---------------------------------------------------------------------------------------
# tmux harness


class Tmux:
    def __init__(self, env):
        self.socket = f"mlboard-bench-{os.getpid()}"
        self.env = env
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", str(WIDTH),
                 "-y", str(HEIGHT), "sleep 100000")
        self.run("set-option", "-g", "remain-on-exit", "on")

    def run(self, *args, capture=False):
        cmd = ["tmux", "-L", self.socket, *args]
        if capture:
            return subprocess.run(cmd, env=self.env, check=True, stdout=subprocess.PIPE,
                                  text=True).stdout
        subprocess.run(cmd, env=self.env, check=True)
        return None

    def rows(self):
        return self.run("capture-pane", "-p", "-t", "bench", capture=True).split("\n")

    def launch(self, command, ready, timeout=30.0):
        start = time.perf_counter()
        self.run("respawn-pane", "-k", "-t", "bench", command)
        while time.perf_counter() - start < timeout:
            if ready(self.rows()):
                return time.perf_counter() - start
        raise RuntimeError(f"timed out: {command}\n" + "\n".join(self.rows()))

    def key(self, key, changed, timeout=10.0):
        before = self.rows()
        start = time.perf_counter()
        self.run("send-keys", "-t", "bench", key)
        while time.perf_counter() - start < timeout:
            rows = self.rows()
            if rows != before and changed(before, rows):
                return time.perf_counter() - start
        raise RuntimeError("no frame after the key")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env,
                       stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------
# pty harness


class Screen:
    """Just enough of a terminal to see what is on screen: printable text, CR/LF, and
    cursor positioning (`CSI row;col H`); every other escape sequence is skipped."""

    def __init__(self):
        self.cells = [[" "] * WIDTH for _ in range(HEIGHT)]
        self.row = self.col = 0
        self.pending = ""

    def feed(self, text):
        text = self.pending + text
        self.pending = ""
        i = 0
        while i < len(text):
            c = text[i]
            if c == "\x1b":
                m = re.match(r"\x1b\[([0-9;?]*)([ -/]*)([@-~])", text[i:])
                if m is None:
                    osc = re.match(r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)", text[i:])
                    if osc:
                        i += osc.end()
                        continue
                    if len(text) - i < 32:
                        self.pending = text[i:]
                        return
                    i += 2
                    continue
                params, final = m.group(1), m.group(3)
                if final == "H":
                    parts = [p for p in params.split(";")]
                    row = int(parts[0]) if parts and parts[0] else 1
                    col = int(parts[1]) if len(parts) > 1 and parts[1] else 1
                    self.row, self.col = min(row, HEIGHT) - 1, min(col, WIDTH) - 1
                elif final == "J" and params in ("2", "3"):
                    self.cells = [[" "] * WIDTH for _ in range(HEIGHT)]
                i += m.end()
                continue
            if c == "\r":
                self.col = 0
            elif c == "\n":
                self.row = min(self.row + 1, HEIGHT - 1)
            elif c >= " ":
                if self.col < WIDTH:
                    self.cells[self.row][self.col] = c
                self.col += 1
            i += 1

    def rows(self):
        return ["".join(r) for r in self.cells]


def pty_launch(argv, env, ready, timeout=30.0, then_key=None):
    """Runs `argv` on a fresh 160x45 pseudo-terminal; returns the seconds until `ready`,
    and, with `then_key`, the seconds from writing that key to the next output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    screen = Screen()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    first = key_time = None
    try:
        while time.perf_counter() - start < timeout:
            r, _, _ = select.select([master], [], [], 0.5)
            if not r:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                break
            screen.feed(data.decode("utf-8", "replace"))
            if ready(screen.rows()):
                first = time.perf_counter() - start
                break
        if first is None:
            raise RuntimeError("timed out:\n" + "\n".join(screen.rows()))
        if then_key is not None:
            # Let anything still on its way (a second frame) arrive first.
            while select.select([master], [], [], 0.3)[0]:
                os.read(master, 1 << 16)
            key_start = time.perf_counter()
            os.write(master, then_key.encode())
            if select.select([master], [], [], 10)[0]:
                os.read(master, 1 << 16)
                key_time = time.perf_counter() - key_start
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    return first, key_time


# ---------------------------------------------------------------------------------------


def cargo(*args):
    subprocess.run(["cargo", *args], cwd=ROOT, check=True)


def board_dir(n):
    out = subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "measure", "--",
                          "--board", str(n)], cwd=ROOT, check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return out.strip().splitlines()[-1]


def fresh_env(home):
    env = {
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
    return env


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def summary(values):
    return statistics.median(values), min(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--harness", choices=["tmux", "pty", "both"], default="both")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    harnesses = ["tmux", "pty"] if args.harness == "both" else [args.harness]
    if "tmux" in harnesses and shutil.which("tmux") is None:
        sys.exit("tmux is not installed")

    cargo("build", "--release", "--quiet", "--bin", "mlboard")
    binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
                          "release", "mlboard")
    boards = {n: board_dir(n) for n in sizes}
    home = tempfile.mkdtemp(prefix="mlboard-first-frame-")
    env = fresh_env(home)
    loadavg = os.getloadavg()[0]
    print(f"# first frame in a real terminal, {WIDTH}x{HEIGHT}, median (fastest) of "
          f"{args.runs}; load average {loadavg:.1f} at start")
    try:
        for harness in harnesses:
            results = {}
            if harness == "tmux":
                tmux = Tmux(env)
                try:
                    floor = [tmux.launch("printf 'floor-line\\n'; sleep 100", floor_ready)
                             for _ in range(args.runs)]
                    for n in sizes:
                        command = f"exec {binary} -b {boards[n]}"
                        firsts, keys = [], []
                        for _ in range(args.runs):
                            firsts.append(tmux.launch(command, board_ready))
                            keys.append(tmux.key("j", lambda a, b: True))
                        results[n] = (firsts, keys)
                finally:
                    tmux.close()
            else:
                floor = [pty_launch(["/bin/sh", "-c", "printf 'floor-line\\n'; sleep 100"],
                                    env, floor_ready)[0] for _ in range(args.runs)]
                for n in sizes:
                    firsts, keys = [], []
                    for _ in range(args.runs):
                        first, key = pty_launch([binary, "-b", boards[n]], env, board_ready,
                                                then_key="j")
                        firsts.append(first)
                        keys.append(key if key is not None else float("nan"))
                    results[n] = (firsts, keys)
            floor_median, floor_min = summary(floor)
            print(f"\n## {harness}: floor {ms(floor_median)} ({ms(floor_min)})\n")
            print("| cards | first frame | ratio to floor | key `j` to its frame |")
            print("|---:|---:|---:|---:|")
            for n in sizes:
                firsts, keys = results[n]
                first_median, first_min = summary(firsts)
                key_median, key_min = summary(keys)
                print(f"| {n:,} | {ms(first_median)} ({ms(first_min)}) | "
                      f"{first_median / floor_median:.1f}x | {ms(key_median)} ({ms(key_min)}) |")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
