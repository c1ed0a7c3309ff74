# Builds dist\dossier\ with PyInstaller and dist\dossier-<version>-setup.exe with Inno Setup,
# on Windows only (see packaging\README.md). Run from any folder: powershell -File build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --quiet --upgrade pip
.venv\Scripts\python -m pip install --quiet -e ".[dist]"
.venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\dossier.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$version = .venv\Scripts\python -c "import desktop_app; print(desktop_app.__version__)"
# Inno Setup 6's compiler; winget install JRSoftware.InnoSetup puts it here.
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
& $iscc "/DAppVersion=$version" packaging\windows\dossier.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Output "dist\dossier-$version-setup.exe"
