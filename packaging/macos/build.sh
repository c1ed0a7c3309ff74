#!/usr/bin/env bash
# Builds dist/Dossier.app and a disk image of it, on macOS only (see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(uname -s)" != Darwin ]; then
    echo "build.sh: Dossier.app can only be built on macOS" >&2
    exit 2
fi

# PyInstaller reads packaging/dossier.spec, which makes dist/dossier/ and, on macOS,
# dist/Dossier.app with packaging/macos/Info.plist and the version from pyproject.toml.
make dist
app=dist/Dossier.app
plutil -lint "$app/Contents/Info.plist"
codesign --verify --deep "$app"  # PyInstaller signs ad hoc; a Developer ID comes later

version=$(.venv/bin/python -c 'import desktop_app; print(desktop_app.__version__)')
hdiutil create -volname Dossier -srcfolder "$app" -ov -format UDZO "dist/Dossier-$version.dmg"
echo "dist/Dossier-$version.dmg"
