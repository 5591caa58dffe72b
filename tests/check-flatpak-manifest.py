# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest cannot be built offline here, so check what can be
checked: it is valid JSON, it asks for exactly the sandbox holes Sessio
needs (no network, no home or host filesystem: files go through the
portal; the eID card reader through the host's pcscd socket alone, never
all devices), it pins libsodium by sha256 and builds and tests Sessio with meson.
"""

import json
import re
import sys

EXPECTED_FINISH_ARGS = [
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    # The eID card is read through the host's pcscd: its socket, the
    # narrowest permission that works (not --device=all, not USB).
    "--socket=pcsc",
]

checks = []


def check(ok, what):
    checks.append((bool(ok), what))


def main(path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    check(True, "the manifest is valid JSON")

    check(manifest.get("id") == "be.sessio.Sessio", "the application ID is be.sessio.Sessio")
    check(manifest.get("runtime") == "org.gnome.Platform", "the runtime is org.gnome.Platform")
    check(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is org.gnome.Sdk")
    check(re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))),
          "the runtime is a stable GNOME release, not master")
    check(sorted(manifest.get("finish-args", [])) == sorted(EXPECTED_FINISH_ARGS),
          "finish-args are exactly ipc, wayland, fallback-x11, dri and pcsc")
    check(not any(a.startswith(("--device=all", "--device=usb", "--device=shm"))
                  for a in manifest.get("finish-args", [])),
          "the card reader is reached through pcscd, not raw devices")
    check(not any(a.startswith(("--share=network", "--filesystem"))
                  for a in manifest.get("finish-args", [])),
          "no network and no filesystem access")

    modules = {m["name"]: m for m in manifest.get("modules", []) if isinstance(m, dict)}
    sodium = modules.get("libsodium", {})
    sources = sodium.get("sources", [])
    check(any(s.get("type") == "archive" and re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", ""))
              for s in sources),
          "libsodium is a pinned archive with its sha256")

    # The vault's journal needs SQLite's session extension, which a runtime
    # need not build: Sessio brings its own SQLite with it.
    sqlite = modules.get("sqlite", {})
    check(any(s.get("type") == "archive" and re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", ""))
              for s in sqlite.get("sources", [])),
          "SQLite is a pinned archive with its sha256")
    cflags = sqlite.get("build-options", {}).get("cflags", "")
    check("-DSQLITE_ENABLE_SESSION" in cflags and "-DSQLITE_ENABLE_PREUPDATE_HOOK" in cflags,
          "SQLite is built with the session extension and the pre-update hook")

    app = modules.get("sessio", {})
    check(app.get("buildsystem") == "meson", "Sessio is built with meson")
    check(app.get("run-tests") is True, "Sessio's tests run in the build")
    check(list(modules)[-1] == "sessio", "Sessio is the last module")

    print("TAP version 13")
    for i, (ok, what) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
    print("1..%d" % len(checks))
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
