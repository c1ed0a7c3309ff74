; Inno Setup script: installs the PyInstaller folder dist\dossier as Dossier on Windows.
; Build it on Windows after PyInstaller (packaging\windows\build.ps1 does both):
;   iscc /DAppVersion=0.1.0 packaging\windows\dossier.iss
; The setup program lands in dist\. Uninstalling removes the program, its shortcuts and its
; registry entries, and keeps the person's catalog, settings and logs in their own folders.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Dossier"
#define Bundle "..\..\dist\dossier"

[Setup]
; The identity Windows knows the installation by: never change it between versions.
AppId=org.dossier.Dossier
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Dossier developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights, or for everyone if they choose.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809, the oldest that Qt 6 supports.
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=dossier-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\dossier.ico
UninstallDisplayIcon={app}\dossierw.exe
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "openwith"; Description: "Offer Dossier under ""Open with"" for .csv, .json, .jsonl and .txt files (it imports them)"; GroupDescription: "File types:"; Flags: unchecked

[Files]
; dossier.exe is the command line, dossierw.exe the window without a console.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\dossierw.exe"; Comment: "Catalog of declassified historical documents"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\dossierw.exe"; Tasks: desktopicon

[Registry]
; "Open with" only: Dossier never takes these file types over from the person's own programs.
Root: HKA; Subkey: "Software\Classes\Dossier.ImportFile"; ValueType: string; ValueName: ""; ValueData: "Records to import into Dossier"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Dossier.ImportFile\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\dossierw.exe,0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Dossier.ImportFile\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\dossierw.exe"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithProgids"; ValueType: string; ValueName: "Dossier.ImportFile"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "Dossier.ImportFile"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.jsonl\OpenWithProgids"; ValueType: string; ValueName: "Dossier.ImportFile"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "Dossier.ImportFile"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith

[Run]
Filename: "{app}\dossierw.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
