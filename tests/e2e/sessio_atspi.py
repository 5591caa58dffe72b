# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for driving the real sessio binary through AT-SPI.

Used by every end-to-end scenario in this folder.  Waits are bounded
polls: they end as soon as the condition holds and fail with a clear
message when it never does.  They assert nothing about speed.
"""

import os
import subprocess
import sys
import time

import pyatspi

DEFAULT_WAIT = 30.0

import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


def no_cache(app):
    """Ask the application every time instead of trusting the client-side
    cache: GTK 4.8 sometimes fails to send the event that would update it
    when part of a window is rebuilt, and the cache then misses widgets
    that are plainly there."""
    try:
        app.set_cache_mask(Atspi.Cache.NONE)
    except Exception:
        pass
    return app


class ScenarioError(Exception):
    pass


class Tap:
    """The scenario's results as TAP, numbered as they come; the plan is
    printed at the end, when the number of steps reached is known."""

    def __init__(self):
        self.n = 0
        self.failed = False

    def ok(self, what):
        self.n += 1
        print("ok %d - %s" % (self.n, what), flush=True)

    def not_ok(self, what):
        self.n += 1
        self.failed = True
        print("not ok %d - %s" % (self.n, what), flush=True)


def log(msg):
    print("# " + msg, flush=True)


def wait_for(predicate, what, timeout=DEFAULT_WAIT, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise ScenarioError("gave up waiting for " + what)
        time.sleep(interval)


def start_app(binary, args=(), env_extra=None):
    env = dict(os.environ)
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    if env_extra:
        env.update(env_extra)
    proc = subprocess.Popen([binary] + list(args), env=env)
    log("started %s (pid %d)" % (binary, proc.pid))
    return proc


def find_app(pid, timeout=DEFAULT_WAIT):
    def lookup():
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                if app is not None and app.get_process_id() == pid:
                    return no_cache(app)
            except Exception:
                continue
        return None
    return wait_for(lookup, "the application on the accessibility bus", timeout)


def _children(node):
    """The children of @node one by one: GTK 4.8 fails the query for a
    window or widget it is taking down (a GLib-CRITICAL about
    g_variant_new_object_path in its log), and that one failure must not
    hide its siblings."""
    try:
        n = node.childCount
    except Exception:
        return []
    children = []
    for i in range(n):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            children.append(child)
    return children


def _windows(pid):
    for app in pyatspi.Registry.getDesktop(0):
        try:
            if app is None or app.get_process_id() != pid:
                continue
        except Exception:
            continue
        no_cache(app)
        for child in _children(app):
            yield child


def _window_named(pid, title):
    for window in _windows(pid):
        try:
            if window.name == title:
                return window
        except Exception:
            continue
    return None


def count_windows(pid):
    """How many top-level windows the process has, asked without reading
    any of them: GTK 4.8 crashes when asked for a window it is destroying,
    but counting is safe."""
    for app in pyatspi.Registry.getDesktop(0):
        try:
            if app is not None and app.get_process_id() == pid:
                no_cache(app)
                return app.childCount
        except Exception:
            continue
    return -1


def wait_closed(pid, n_windows):
    """Waits until a closed dialog is gone for good, before anything asks
    about the windows again."""
    wait_for(lambda: count_windows(pid) == n_windows,
             "%d window(s) to remain" % n_windows)


def find_window(pid, title, timeout=DEFAULT_WAIT):
    """A top-level window of the process, looked up afresh at every poll:
    an application object fetched before a window opened may not list it."""
    return wait_for(lambda: _window_named(pid, title), "the window %r" % title, timeout)


def window_gone(pid, title):
    return _window_named(pid, title) is None


def is_showing(acc):
    # GTK 4.8 sets SHOWING on windows only; VISIBLE is what it keeps
    # up to date for widgets.
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def has_state(acc, state):
    try:
        return acc.getState().contains(state)
    except Exception:
        return False


# Subtrees not to walk into.  GTK 4.8 answers a query for the children of
# a list view with an item it never exported and the reply breaks its
# connection to the accessibility bus for good; scenarios do not need the
# patient list's rows (they search and open the patient instead).
SKIP = {("list", "Patients")}


def descendants(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            if (node.getRoleName(), node.name) in SKIP:
                continue
        except Exception:
            pass
        stack.extend(reversed(_children(node)))


def find(root, name=None, role=None, showing=True):
    for acc in descendants(root):
        try:
            if role is not None and acc.getRole() != role:
                continue
            if name is not None and acc.name != name:
                continue
        except Exception:
            continue
        if showing and not is_showing(acc):
            continue
        return acc
    return None


def find_where(root, predicate):
    for acc in descendants(root):
        try:
            if is_showing(acc) and predicate(acc):
                return acc
        except Exception:
            continue
    return None


def wait_find(root, name=None, role=None, timeout=DEFAULT_WAIT):
    """@root may be a callable giving the root afresh at every poll: GTK 4.8
    sometimes drops an accessible object when another window closes."""
    what = "%s named %r" % (role if role is not None else "a widget", name)
    get_root = root if callable(root) else (lambda: root)

    def lookup():
        try:
            r = get_root()
        except ScenarioError:
            return None
        return find(r, name, role) if r is not None else None
    try:
        return wait_for(lookup, what, timeout)
    except ScenarioError:
        try:
            dump(get_root())
        except ScenarioError:
            pass
        raise


def dump(root, depth=0, limit=400):
    """Prints the showing part of the tree, to see why a look-up failed."""
    count = 0
    stack = [(root, 0)]
    while stack and count < limit:
        node, level = stack.pop()
        try:
            log("%s%s %r%s" % ("  " * level, node.getRoleName(), node.name,
                               "" if is_showing(node) else " (hidden)"))
        except Exception:
            continue
        children = _children(node)
        count += 1
        stack.extend((c, level + 1) for c in reversed(children))


def activate(acc):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for wanted in ("click", "activate", "press", "toggle"):
        if wanted in names:
            action.doAction(names.index(wanted))
            return
    if action.nActions > 0:
        action.doAction(0)
        return
    raise ScenarioError("%r has no action to activate it" % acc.name)


def type_text(text):
    """Types through the X server (XTEST), as a person would: the keyboard
    focus decides where it lands."""
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
    time.sleep(0.2)


def press_key(keys):
    """keys as xdotool names them: "Return", "ctrl+q"."""
    subprocess.run(["xdotool", "key", keys], check=True)
    time.sleep(0.2)


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)
    except NotImplementedError:
        return acc.name


def screenshot(path):
    subprocess.run(["import", "-window", "root", path], check=True)
    log("screenshot " + path)


def stop_app(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
