#!/usr/bin/env bash
# 69_meta.sh — PGXN metadata (META.json, PGXN Meta Spec 1.0.0): it parses, has the spec's required
# keys, its version is the control file's default_version in SemVer (PGXN requires three parts:
# '1.0' -> 1.0.0), every provided file exists, the prereqs name PostgreSQL 15 (required) and pg_cron (recommended:
# only the schedule needs it), the
# abstract is in English and Chinese, and the license has its file. Also the Debian changelog's version.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import json, re, sys, os
errors = []
def check(cond, msg):
    if not cond: errors.append(msg)
try:
    meta = json.load(open('META.json', encoding='utf-8'))
except ValueError as e:
    print('FAIL: META.json does not parse:', e); sys.exit(1)
control = open('illegal_practice.control', encoding='utf-8').read()
m = re.search(r"^default_version\s*=\s*'([^']+)'", control, re.M)
check(m, 'no default_version in illegal_practice.control')
default = m.group(1) if m else '?'
semver = '.'.join((default.split('.') + ['0', '0'])[:3])
for k in ('name', 'abstract', 'version', 'maintainer', 'license', 'provides', 'meta-spec'):
    check(k in meta, f'required key {k} missing')
check(meta.get('meta-spec', {}).get('version') == '1.0.0', 'meta-spec version is not 1.0.0')
check(meta.get('name') == 'illegal_practice', 'name is not illegal_practice')
check(re.fullmatch(r'\d+\.\d+\.\d+', meta.get('version', '')), 'version is not SemVer x.y.z')
check(meta.get('version') == semver, f"version {meta.get('version')} is not default_version {default} ({semver})")
ab = meta.get('abstract', '')
check(re.search(r'[A-Za-z]{4}', ab) and re.search(r'[\u4e00-\u9fff]', ab), 'abstract is not in English and Chinese')
check(meta.get('license') == 'postgresql' and os.path.exists('LICENSE') and 'PostgreSQL License' in open('LICENSE').read(),
      'license is not postgresql with a LICENSE file')
prov = meta.get('provides', {})
check('illegal_practice' in prov, 'provides has no illegal_practice')
for ext, p in prov.items():
    check(p.get('version') == semver, f'provides.{ext}.version is not {semver}')
    for k in ('file', 'docfile'):
        if k in p: check(os.path.isfile(p[k]), f'provides.{ext}.{k} {p[k]} does not exist')
    check('file' in p, f'provides.{ext} has no file')
    check(p.get('file') == f'extension/released/illegal_practice--{default}.sql',
          f'provides.{ext}.file is not the released script of {default}')
runtime = meta.get('prereqs', {}).get('runtime', {})
req = runtime.get('requires', {})
check(re.search(r'(^|>=\s*)15(\.0){0,2}\b', req.get('PostgreSQL', '')), 'runtime prereq PostgreSQL 15 missing')
# pg_cron runs the schedule (tick()); CREATE EXTENSION does not need it (docs/README.md §1)
cron = runtime.get('recommends', {}).get('pg_cron') or req.get('pg_cron')
check(cron, 'runtime prereq pg_cron missing')
ch = open('debian/changelog', encoding='utf-8').readline()
dm = re.match(r'\S+ \(([^)-]+)(-[^)]*)?\)', ch)
check(dm and dm.group(1) == default, f'debian/changelog version {dm.group(1) if dm else "?"} is not {default}')
check(re.search(r'^## \[?' + re.escape(default) + r'\b', open('CHANGELOG.md', encoding='utf-8').read(), re.M),
      f'CHANGELOG.md has no section for {default}')
if errors:
    for e in errors: print('FAIL:', e)
    sys.exit(1)
print(f"ok: META.json parses; {meta['name']} {meta['version']} = default_version {default}; provides {', '.join(p['file'] for p in prov.values())} exists; "
      f"prereqs PostgreSQL {req['PostgreSQL']}, pg_cron {cron}; license {meta['license']}; debian/changelog and CHANGELOG.md at {default}")
PY
