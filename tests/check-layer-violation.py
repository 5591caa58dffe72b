#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The core's layers are enforced by the compiler: each layer's static
# library sees only the include directories of the layers it declares
# below it (app/core/*/meson.build).  This test proves it.  For every pair
# of layers it compiles a one-line file that includes a header of the
# other layer, with exactly the command meson uses for a file of the first
# layer (from compile_commands.json), and expects success for a declared
# layer and a failure naming the missing header for any other one; a
# deliberate upward include such as rules -> sessio-patient-store.h must
# not compile.  TAP output.
#
#   check-layer-violation.py SOURCE_ROOT BUILD_ROOT

import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile

source_root, build_root = sys.argv[1], sys.argv[2]
core = os.path.join(source_root, 'app', 'core')

spec = importlib.util.spec_from_file_location(
    'check_layers', os.path.join(source_root, 'build-aux', 'check-layers.py'))
check_layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layers)
LAYERS = check_layers.LAYERS

with open(os.path.join(build_root, 'compile_commands.json'), encoding='utf-8') as f:
    commands = json.load(f)


def layer_command(layer):
    """The compiler command of one file of LAYER, without source or output."""
    folder = os.path.normpath(os.path.join(core, layer))
    for entry in commands:
        path = os.path.normpath(os.path.join(entry['directory'], entry['file']))
        if os.path.dirname(path) != folder or not path.endswith('.c'):
            continue
        # sessio-core.c is compiled for the fuzz targets too; take the
        # core's own libraries only.
        if 'fuzz' in entry.get('output', ''):
            continue
        args = entry['arguments'] if 'arguments' in entry else shlex.split(entry['command'])
        out, skip = [], False
        for arg in args:
            if skip:
                skip = False
                continue
            if arg in ('-o', '-MQ', '-MF', '-MT'):
                skip = True
                continue
            if arg in ('-c', '-MD', '-MMD') or arg == entry['file']:
                continue
            out.append(arg)
        return entry['directory'], out
    return None, None


def public_header(layer):
    folder = os.path.join(core, layer)
    names = sorted(n for n in os.listdir(folder)
                   if n.endswith('.h') and not n.endswith('-private.h'))
    return names[0]


def compiles(layer, header, tmp):
    directory, args = layer_command(layer)
    probe = os.path.join(tmp, 'probe-%s.c' % layer.strip('.') or 'core')
    with open(probe, 'w', encoding='utf-8') as f:
        f.write('#include "config.h"\n#include "%s"\n' % header)
    result = subprocess.run(args + ['-fdiagnostics-color=never', '-fsyntax-only', '-x', 'c', probe], cwd=directory,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.returncode == 0, result.stdout


cases = []
for layer in LAYERS:
    # A header of its own layer, then one of every other layer.
    cases.append((layer, layer, public_header(layer), True))
    for other in LAYERS:
        if other != layer:
            cases.append((layer, other, public_header(other), other in LAYERS[layer]))
# The one the issue names, spelt out.
cases.append(('rules', 'records', 'sessio-patient-store.h', False))
# And the rules layer's generated resource header is its own.
cases.append(('rules', 'rules', 'sessio-core-resources.h', True))

print('1..%d' % len(cases))
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for number, (layer, other, header, legal) in enumerate(cases, 1):
        name = '%s includes %s/%s: %s' % (layer.replace('.', 'app/core'),
                                         other.replace('.', 'app/core'), header,
                                         'compiles' if legal else 'does not compile')
        directory, args = layer_command(layer)
        if args is None:
            print('not ok %d - %s # no compile command for app/core/%s' % (number, name, layer))
            failed += 1
            continue
        ok, output = compiles(layer, header, tmp)
        # An illegal include must fail because the header is not found,
        # not for some other reason (a broken command would pass).
        if legal:
            good = ok
        else:
            good = not ok and header in output and 'No such file' in output
        if not good:
            failed += 1
            print('not ok %d - %s' % (number, name))
            for line in output.splitlines()[:10]:
                print('# ' + line)
        else:
            print('ok %d - %s' % (number, name))
sys.exit(1 if failed else 0)
