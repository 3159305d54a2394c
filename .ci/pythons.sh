# Sourced by the CI scripts: find_python X.Y prints a working interpreter for Python X.Y: the
# command pythonX.Y if it runs, else one installed by pyenv (whose shims refuse versions that are
# not selected).
find_python() {
  local version=$1 candidate
  for candidate in "python$version" "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/"$version".*/bin/"python$version"; do
    if "$candidate" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$version'.split('.')))" >/dev/null 2>&1; then
      command -v "$candidate" || echo "$candidate"
      return 0
    fi
  done
  echo "no Python $version found (install it, e.g. with pyenv)" >&2
  return 1
}
