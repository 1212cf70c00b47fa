#!/usr/bin/env python3
"""Extract ATLAS technique ids and names from ../shared/data/mitre-atlas/ATLAS.json into
packages/scan/data/atlas-techniques.json (shipped with @mlsec/scan; Apache-2.0, MITRE)."""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / 'shared/data/mitre-atlas/ATLAS.json'
data = json.loads(source.read_text())
matrix = data['matrices'][0]
out = {
    'source': 'MITRE ATLAS (https://github.com/mitre-atlas/atlas-data), Apache License 2.0, Copyright MITRE',
    'version': data['version'],
    'techniques': [
        {'id': t['id'], 'name': t['name'], **({'parent': t['subtechnique-of']} if 'subtechnique-of' in t else {})}
        for t in sorted(matrix['techniques'], key=lambda t: t['id'])
    ],
}
target = root / 'packages/scan/data/atlas-techniques.json'
target.write_text(json.dumps(out, indent=1) + '\n')
print(f"wrote {len(out['techniques'])} techniques to {target.relative_to(root)}")
