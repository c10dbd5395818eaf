#!/usr/bin/env bash
# Runs every test of RustyNode, installing first what the tests need on a fresh machine:
#   - libsecp256k1 (Debian package libsecp256k1-1), used by the chain's signature checks
#     (the tests also run the managed NBitcoin.Secp256k1 fallback);
#   - the pinned js-libp2p packages of the interop peer (npm ci in tests/interop/js).
# Prints a closing line "N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q 'libsecp256k1\.so\.1'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing libsecp256k1-1"
    (apt-get install -y -qq libsecp256k1-1 >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libsecp256k1-1 >/dev/null; }) \
      || echo "warning: libsecp256k1-1 could not be installed; chain tests use the managed backend only" >&2
  else
    echo "warning: libsecp256k1-1 is not installed and apt-get is not usable here" >&2
  fi
fi

echo "== installing the js-libp2p interop peer (npm ci)"
(cd tests/interop/js && npm ci --no-audit --no-fund --loglevel=error)

echo "== building"
dotnet build RustyNode.sln -c Release -nologo -v quiet

results=$(mktemp -d)
echo "== testing"
set +e
dotnet test RustyNode.sln -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=run" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1500000
status=$?
set -e

# Sum the counters of every test project's trx file into the closing line.
python3 - "$results" <<'PY'
import glob, re, sys
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*', text)
    if not m:
        continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    passed += int(attrs.get("passed", 0))
    failed += int(attrs.get("failed", 0)) + int(attrs.get("error", 0)) + int(attrs.get("timeout", 0)) + int(attrs.get("aborted", 0))
    skipped += int(attrs.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
