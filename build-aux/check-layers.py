#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The core's layers (docs/HACKING.md, "Layers of the core"): every
# #include "sessio-…" edge in app/core/ must go to the same layer or to one
# the layer declares below it.  The meson files give each layer only the
# include directories of those layers, so an upward include does not
# compile; this script says which edge it is and prints the whole graph.
#
#   build-aux/check-layers.py [SOURCE_ROOT]     (exit 1 on an upward edge)

import collections
import os
import re
import sys

# Each layer and the layers it may include, bottom to top.  Keep in step
# with the include_directories in app/core/*/meson.build.
LAYERS = collections.OrderedDict([
    ('base', []),
    ('rules', ['base']),
    ('vault', ['base']),
    ('records', ['base', 'rules', 'vault']),
    ('documents', ['base', 'rules', 'vault', 'records']),
    ('exchange', ['base', 'rules', 'vault', 'records', 'documents']),
    ('dev', ['base', 'rules', 'vault', 'records']),
    # app/core/ itself: sessio-core.c, the initialisation of the whole.
    ('.', ['base', 'rules', 'vault', 'records', 'documents', 'exchange', 'dev']),
])

# Generated headers and the layer that generates them.
GENERATED = {'sessio-core-resources.h': 'rules'}

# Also catches "../records/sessio-x.h": a path around the include
# directories is an upward edge too, and is refused.
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]*/)?(sessio-[^"]+)"', re.M)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    core = os.path.join(root, 'app', 'core')
    where = dict(GENERATED)
    files = []
    for layer in LAYERS:
        folder = os.path.join(core, layer)
        if not os.path.isdir(folder):
            print('missing layer folder app/core/%s' % layer)
            return 1
        for name in sorted(os.listdir(folder)):
            if name.endswith(('.c', '.h')):
                if name in where:
                    print('%s is in two layers' % name)
                    return 1
                where[name] = layer
                files.append((layer, name))
    for dirpath, _, names in os.walk(core):
        layer = os.path.relpath(dirpath, core)
        if layer not in LAYERS and any(n.endswith(('.c', '.h')) for n in names):
            print('app/core/%s is not a declared layer' % layer)
            return 1

    edges = collections.Counter()
    bad = []
    for layer, name in files:
        with open(os.path.join(core, layer, name), encoding='utf-8') as f:
            text = f.read()
        for path, header in INCLUDE.findall(text):
            if path:
                bad.append('%s/%s includes %s%s: include core headers by name, not by path'
                           % (layer, name, path, header))
            target = where.get(header)
            if target is None:
                bad.append('%s/%s includes %s, which is in no layer' % (layer, name, header))
                continue
            if target != layer:
                edges[(layer, target)] += 1
                if target not in LAYERS[layer]:
                    bad.append('%s/%s includes %s/%s: an upward edge (%s may include %s)'
                               % (layer, name, target, header, layer,
                                  ', '.join(LAYERS[layer]) or 'nothing else'))

    print('Layers, bottom to top; the edges are #include lines into another layer:')
    for layer in LAYERS:
        used = ', '.join('%s (%d)' % (t, edges[(l, t)])
                         for (l, t) in sorted(edges) if l == layer)
        print('  %-9s may include %-40s includes %s'
              % (layer if layer != '.' else 'app/core',
                 (', '.join(LAYERS[layer]) or 'no other layer') if layer != '.' else 'every layer',
                 used or 'nothing'))
    for line in bad:
        print('FAIL: ' + line)
    print('%d files, %d cross-layer edges, %d upward' % (len(files), sum(edges.values()), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
