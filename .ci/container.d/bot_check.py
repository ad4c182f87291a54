"""The bot container, end to end: `IMAGE`'s default command against the fake Discord from tests/, on this machine.

Run by .ci/container with the tests' venv: python .ci/container.d/bot_check.py IMAGE. The container shares the host
network (so the fake's 127.0.0.1 is reachable), gets the token only through its environment, its config as a mounted
pacer.yaml, the library (edited since the image was built) as a read-only mount, and keeps its feedback database in
a fresh named volume. Checks: the edited library is re-indexed at start; the bot syncs its commands and answers a
mention with the cited study; the feedback database lands in the volume; the health check passes; the token never
appears in the logs; and `podman stop` ends it cleanly (exit 0) within 2 seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.bot import TOKEN, ThreadedFake, bot_settings  # noqa: E402
from tests.support.processes import wait_until  # noqa: E402

PODMAN = os.environ.get("PODMAN", "podman")
STOP_LIMIT = 2.0


def podman(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PODMAN, *args], check=check, text=True, capture_output=True, **kwargs)


def logs(name: str) -> str:
    result = podman("logs", name, check=False)
    return result.stdout + result.stderr


def main(image: str) -> int:
    name = f"pacer-ci-{uuid.uuid4().hex[:8]}"
    volume = f"{name}-data"
    server = ThreadedFake()
    with tempfile.TemporaryDirectory() as tmp, server as fake:
        config = Path(tmp) / "pacer.yaml"
        config.write_text(
            # corpus, index and feedback_db keep their defaults: relative to /pacer, the mounted file's folder.
            bot_settings(fake, guild_id=1100000000000000100)
        )
        config.chmod(0o644)
        # The club's library, edited since the image was built: the container must re-index it at start.
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        edited = sorted(corpus.glob("*.md"))[0]
        edited.write_text(edited.read_text() + "\nA paragraph added after the image was built.\n")
        podman("volume", "create", volume)
        try:
            podman(
                "run", "--detach", "--name", name, "--network=host", "--health-interval=disable",
                "--env", "DISCORD_TOKEN",
                "--volume", f"{config}:/pacer/pacer.yaml:ro",
                "--volume", f"{corpus}:/pacer/corpus:ro",
                "--volume", f"{volume}:/pacer/data",
                image,
                env=os.environ | {"DISCORD_TOKEN": TOKEN},
            )  # fmt: skip
            started = time.monotonic()
            try:
                wait_until(
                    lambda: fake.synced_commands,
                    "the commands to sync",
                    timeout=240,
                    alive=lambda: podman("inspect", "--format", "{{.State.Running}}", name).stdout.strip() == "true",
                    output=lambda: logs(name),
                    every=0.2,  # each check runs podman
                )
            except AssertionError as exc:
                raise SystemExit(str(exc)) from None
            print(f"bot connected and synced its commands {time.monotonic() - started:.1f} s after start")

            server.call(fake.send_message(f"<@{fake.bot_id}> is coffee good before a race?"))
            reply = server.call(fake.wait_for_message(timeout=60), timeout=90)
            if "Grgic J" not in str(reply["embeds"]):
                raise SystemExit(f"the reply does not cite Grgic: {reply}")
            print("the bot answered through the fake Discord, citing Grgic J")

            health = podman("healthcheck", "run", name, check=False)
            if health.returncode != 0:
                raise SystemExit(f"health check failed while connected: {health.stdout}{health.stderr}")
            print("health check: healthy")

            mountpoint = Path(podman("volume", "inspect", "--format", "{{.Mountpoint}}", volume).stdout.strip())
            if not (mountpoint / "feedback.sqlite3").is_file():
                listing = podman("exec", name, "ls", "-la", "/pacer", "/pacer/data", check=False).stdout
                raise SystemExit(f"no feedback database in the data volume:\n{listing}")
            print("feedback database is in the data volume")

            begun = time.monotonic()
            podman("stop", "--time", "10", name)
            took = time.monotonic() - begun
            code = podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip()
            output = logs(name)
            print(f"podman stop took {took:.2f} s; exit code {code}")
            if took > STOP_LIMIT:
                raise SystemExit(f"podman stop took {took:.2f} s (limit {STOP_LIMIT} s)")
            if code != "0":
                print(output[-3000:])
                raise SystemExit(f"the bot exited with {code} on stop, not 0 (a clean close on SIGTERM)")
            if TOKEN in output:
                raise SystemExit("the token appears in the container's logs")
            if f"documents changed since the last build: {edited.stem}" not in output:
                print(output[-3000:])
                raise SystemExit("the edited library was not re-indexed at start")
            if "synced 4 slash commands" not in output:
                print(output[-3000:])
                raise SystemExit("the logs do not show the slash commands synced")
        finally:
            podman("rm", "--force", "--time", "0", name, check=False)
            podman("volume", "rm", "--force", volume, check=False)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: bot_check.py IMAGE")
    sys.exit(main(sys.argv[1]))
