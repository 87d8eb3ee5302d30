#!/usr/bin/env python3
"""Writes k8s/base from the Helm chart rendered with its default values (release "tokenledger"),
without Helm's own labels and annotations, one file per kind. Run after changing the chart:
    helm template tokenledger helm/tokenledger | python3 k8s/generate-base.py
The test ChartAndKustomizeAgreeTest fails while the two differ in kinds, names, images, ports or
environment keys."""
import re
import sys
from collections import OrderedDict

HELM_ONLY = re.compile(r'^\s*(helm\.sh/chart|app\.kubernetes\.io/managed-by|checksum/settings):.*\n', re.M)

docs = [d for d in sys.stdin.read().split('\n---\n') if 'kind:' in d]
by_kind = OrderedDict()
for d in docs:
    d = re.sub(r'^# Source: .*\n', '', d.strip('-\n') + '\n', flags=re.M)
    d = HELM_ONLY.sub('', d)
    d = re.sub(r'\n\s*annotations:\s*\n(?=\s*spec:)', '\n', d)
    kind = re.search(r'^kind: (\S+)', d, re.M).group(1)
    by_kind.setdefault(kind, []).append(d.strip('\n') + '\n')

files = []
for kind, items in by_kind.items():
    name = re.sub(r'(?<!^)(?=[A-Z])', '-', kind).lower()
    name = (name[:-1] + 'ies' if name.endswith('y') else name + 's') + '.yaml'
    with open('k8s/base/' + name, 'w') as f:
        f.write('# generated from helm/tokenledger (default values) by k8s/generate-base.py: edit the chart, not this file\n')
        f.write('---\n'.join(items))
    files.append(name)

with open('k8s/base/kustomization.yaml', 'w') as f:
    f.write('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'
            '# tokenledger without Helm: the chart rendered with its default values (see k8s/README.md)\nresources:\n')
    for name in files:
        f.write('  - ' + name + '\n')
