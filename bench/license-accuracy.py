#!/usr/bin/env python3
"""bench/license-accuracy.py: license-file detection on real npm packages.

Usage: license-accuracy.py DPGAUDIT NODE_MODULES_DIR|- OUT_DIR [debian]

For every installed package (node_modules/NAME, node_modules/@scope/NAME,
nested ones too) with a license file at its root (LICENSE*, LICENCE*,
COPYING*, UNLICENSE*, *-LICENSE*) and a license in its package.json, runs
on that file, in one run:
  dpgaudit license-match FILE      (the ids it prints)
  licensee detect --json FILE      (licenses[].spdx_id)
  licensecheck --shortname-scheme=spdx FILE
and compares each answer with package.json's license (an SPDX expression:
the answer agrees when it names one or more ids and each is in the
expression; GNU -only/-or-later/+ forms count as their base id).  Writes
OUT_DIR/license-accuracy.tsv (one line per file, every tool's answer) and
prints the totals and every disagreement.
"""
import json, os, re, subprocess, sys

dpg, nm, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
LICNAME = re.compile(r'^(licen[cs]e|copying|unlicense)|[-_.]licen[cs]e', re.I)

def base(i):
    i = i.strip().strip('()')
    i = re.sub(r'(-only|-or-later|\+)$', '', i)
    return i.lower()

def declared(pj):
    lic = pj.get('license')
    if isinstance(lic, dict):
        lic = lic.get('type')
    if lic is None and isinstance(pj.get('licenses'), list):
        ts = [l.get('type') if isinstance(l, dict) else l for l in pj['licenses']]
        lic = ' OR '.join(t for t in ts if isinstance(t, str))
    if not isinstance(lic, str) or not lic.strip():
        return None, None
    ids = [t for t in re.split(r'[\s()]+', lic) if t and t.upper() not in ('AND', 'OR', 'WITH')]
    return lic, {base(t) for t in ids}

def packages(root):
    for dp, dns, fns in os.walk(root):
        if 'package.json' in fns and os.path.basename(os.path.dirname(dp)) in ('node_modules',) or \
           ('package.json' in fns and os.path.basename(os.path.dirname(os.path.dirname(dp))) == 'node_modules' and os.path.basename(os.path.dirname(dp)).startswith('@')):
            yield dp

def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    except Exception:
        return ''

def ours(f):
    o = run([dpg, 'license-match', f])
    ids = []
    for line in o.splitlines():
        m = re.match(r'^(\S+) ([0-9.]+) (exact|near) lines? ', line)
        if m:
            ids.append(m.group(1))
    return ids, o

# licensee and licensecheck answers are cached in OUT_DIR/other-tools.json
# (keyed by file, size and mtime): they are slow and do not change.
CACHE_PATH = os.path.join(out, 'other-tools.json')
try:
    CACHE = json.load(open(CACHE_PATH))
except Exception:
    CACHE = {}

def cached(tool, f, fn):
    st = os.stat(f)
    key = '%s|%s|%d|%d' % (tool, f, st.st_size, int(st.st_mtime))
    if key not in CACHE:
        CACHE[key] = fn(f)
    return CACHE[key]

def licensee(f):
    return cached('licensee', f, licensee_run)

def licensecheck(f):
    return cached('licensecheck', f, licensecheck_run)

def licensee_run(f):
    o = run(['licensee', 'detect', '--json', f])
    try:
        d = json.loads(o)
    except Exception:
        return []
    return [l['spdx_id'] for l in d.get('licenses', []) if l.get('spdx_id') not in (None, 'NOASSERTION', 'other')]

def licensecheck_run(f):
    o = run(['licensecheck', '--shortname-scheme=spdx', f])
    v = o.split(':', 1)[1].strip() if ':' in o else ''
    if not v or v == 'UNKNOWN':
        return []
    return [t for t in re.split(r'\s+(?:and/or|or|and)\s+|\s*,\s*', v) if t]

def agree(ids, decl):
    return bool(ids) and all(base(i) in decl for i in ids)

rows, seen = [], set()
for d in (sorted(packages(nm)) if nm != '-' else []):
    try:
        pj = json.load(open(os.path.join(d, 'package.json')))
    except Exception:
        continue
    key = (pj.get('name'), pj.get('version'))
    if key in seen:
        continue
    seen.add(key)
    expr, decl = declared(pj)
    files = sorted(f for f in os.listdir(d) if LICNAME.search(f) and os.path.isfile(os.path.join(d, f)))
    if not expr or not files:
        continue
    for fn in files:
        f = os.path.join(d, fn)
        o, raw = ours(f)
        rows.append((f, expr, decl, o, licensee(f), licensecheck(f), raw))

os.makedirs(out, exist_ok=True)
json.dump(CACHE, open(CACHE_PATH, 'w'))
tot = len(rows)
score = {'dpgaudit': 0, 'licensee': 0, 'licensecheck': 0}
with open(os.path.join(out, 'license-accuracy.tsv'), 'w') as t:
    t.write('file\tpackage.json\tdpgaudit\tlicensee\tlicensecheck\n')
    for f, expr, decl, o, le, lc, raw in rows:
        t.write('\t'.join([f, expr, ' '.join(o) or '-', ' '.join(le) or '-', ' '.join(lc) or '-']) + '\n')
        score['dpgaudit'] += agree(o, decl)
        score['licensee'] += agree(le, decl)
        score['licensecheck'] += agree(lc, decl)
print('%d license files of %d packages' % (tot, len(seen)))
for k, v in score.items():
    print('%-13s agrees with package.json on %d/%d (%.1f%%)' % (k, v, tot, 100.0 * v / max(tot, 1)))
print('\ndpgaudit disagreements (file | package.json | dpgaudit | licensee | licensecheck):')
for f, expr, decl, o, le, lc, raw in rows:
    if not agree(o, decl):
        print('%s | %s | %s | %s | %s' % (f, expr, ' '.join(o) or 'none', ' '.join(le) or 'none', ' '.join(lc) or 'none'))
        for line in raw.splitlines()[:4]:
            print('      ' + line)


# ---- Debian machine-readable copyright files ------------------------------
DEB = {
    'expat': 'MIT', 'mit': 'MIT', 'isc': 'ISC', 'zlib': 'Zlib',
    'apache-2.0': 'Apache-2.0', 'apache-2': 'Apache-2.0',
    'bsd-2-clause': 'BSD-2-Clause', 'bsd-3-clause': 'BSD-3-Clause',
    'bsd-4-clause': 'BSD-4-Clause', 'bsd-4-clause-uc': 'BSD-4-Clause-UC',
    'mpl-2.0': 'MPL-2.0', 'mpl-1.1': 'MPL-1.1', 'cc0-1.0': 'CC0-1.0',
    'bsl-1.0': 'BSL-1.0', 'psf-2': 'Python-2.0', 'python-2.0': 'Python-2.0',
    'x11': 'X11', 'curl': 'curl', 'openssl': 'OpenSSL', 'ssleay': 'SSLeay',
    'unicode-dfs-2016': 'Unicode-DFS-2016', 'unicode-dfs-2015': 'Unicode-DFS-2015',
    'ofl-1.1': 'OFL-1.1', 'artistic-2.0': 'Artistic-2.0', 'wtfpl': 'WTFPL',
    'unlicense': 'Unlicense', '0bsd': '0BSD', 'ntp': 'NTP', 'hpnd': 'HPND',
    'cc-by-4.0': 'CC-BY-4.0', 'cc-by-sa-4.0': 'CC-BY-SA-4.0',
    'cc-by-3.0': 'CC-BY-3.0', 'cc-by-sa-3.0': 'CC-BY-SA-3.0',
    'epl-1.0': 'EPL-1.0', 'epl-2.0': 'EPL-2.0', 'ncsa': 'NCSA',
    'mit-0': 'MIT-0', 'fsfap': 'FSFAP', 'fsful': 'FSFUL', 'fsfullr': 'FSFULLR',
    'gpl-2': 'GPL-2.0', 'gpl-2+': 'GPL-2.0', 'gpl-3': 'GPL-3.0', 'gpl-3+': 'GPL-3.0',
    'lgpl-2.1': 'LGPL-2.1', 'lgpl-2.1+': 'LGPL-2.1', 'lgpl-2': 'LGPL-2.0',
    'lgpl-2+': 'LGPL-2.0', 'lgpl-3': 'LGPL-3.0', 'lgpl-3+': 'LGPL-3.0',
    'sgi-b-2.0': 'SGI-B-2.0', 'tcl': 'TCL', 'libpng': 'Libpng',
    'libpng-2.0': 'libpng-2.0', 'ijg': 'IJG', 'bzip2-1.0.6': 'bzip2-1.0.6',
}

def debian(dpg):
    stanzas = []
    for d in sorted(os.listdir('/usr/share/doc')):
        f = os.path.join('/usr/share/doc', d, 'copyright')
        try:
            lines = open(f, encoding='utf-8', errors='replace').read().split('\n')
        except Exception:
            continue
        if not lines or not lines[0].startswith('Format:'):
            continue
        i = 0
        while i < len(lines):
            m = re.match(r'^License:\s*(\S+)\s*$', lines[i])
            if not m:
                i += 1
                continue
            j = i + 1
            while j < len(lines) and lines[j].startswith((' ', '\t')):
                j += 1
            body = '\n'.join(lines[i + 1:j])
            if j - i - 1 >= 8 and 'common-licenses' not in body:
                stanzas.append((f, i + 1, j, m.group(1)))
            i = j
    byfile = {}
    for f in sorted({s[0] for s in stanzas}):
        found = []
        for line in run([dpg, 'license-match', f]).splitlines():
            m = re.match(r'^(\S+) ([0-9.]+) (exact|near) lines? (\d+)(?:-(\d+))?', line)
            if m:
                found.append((m.group(1), int(m.group(4)), int(m.group(5) or m.group(4))))
        byfile[f] = found
    known = agreed = 0
    bad = []
    for f, a, b, name in stanzas:
        want = DEB.get(name.lower())
        if not want:
            continue
        known += 1
        got = [i for i, s, e in byfile[f] if s <= b and e >= a]
        if got and all(base(g) == base(want) for g in got):
            agreed += 1
        else:
            bad.append('%s:%d-%d | License: %s | %s' % (f, a, b, name, ' '.join(got) or 'none'))
    print('\nDebian copyright files: %d license paragraphs with a full text (>= 8 lines) '
          'and a name we map to SPDX; dpgaudit agrees on %d (%.1f%%)' %
          (known, agreed, 100.0 * agreed / max(known, 1)))
    print('disagreements (file:lines | Debian name | dpgaudit):')
    for x in bad:
        print('  ' + x)

if len(sys.argv) > 4 and sys.argv[4] == 'debian':
    debian(dpg)
