; Inno Setup 6 script: Curator-<version>-Setup.exe from the frozen folder dist\curator\
; (packaging/curator.spec). Start-menu entry, optional desktop icon, uninstaller, and the
; .curator file association. The version comes from pyproject.toml via the workflow:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\curator.iss
;
; Output: dist\installer\Curator-<version>-Setup.exe. Installs per user by default (no admin
; prompt); the user may choose "install for all users" in the dialog (PrivilegesRequiredOverridesAllowed).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\curator.iss
#endif

#define AppName "Curator"
#define AppExeName "Curator.exe"
#define AppPublisher "The Curator developers"
#define FileExt ".curator"
#define ProgId "Curator.Project"
#define SourceDir "..\..\dist\curator"

[Setup]
; AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6F1C2A5E-3B7D-4E8A-9C41-2D5B8E7F0A13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=Curator-{#AppVersion}-Setup
SetupIconFile=..\..\resources\icons\curator.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; .curator -> Curator.Project -> "Curator.exe" "%1" (HKA: HKCU per user, HKLM for all users)
Root: HKA; Subkey: "Software\Classes\{#FileExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-curator-project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Curator Project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: "{#FileExt}"; ValueData: ""

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
