; UNTESTED: written from the Inno Setup 6 documentation, never compiled or run (this project has no
; Windows machine). A starting point, not a claim.
;
; On Windows, with Python 3.11+ from python.org and Inno Setup 6:
;   py packaging\build.py                       (makes dist\lrmonitor\lrmonitor.exe and lrmonitor-gui.exe)
;   iscc packaging\windows\lrmonitor.iss        (makes dist\lrmonitor-0.1.0-setup.exe)
;
; The Start menu, the desktop icon, the .lrmon association and "launch" start lrmonitor-gui.exe, the
; windowed executable (no console window beside the window); lrmonitor.exe is the command line
; (lrmonitor run ..., lrmonitor --help), for a terminal. See packaging/README.md.
;
; Known gaps, to do on a Windows machine:
; * the executable has no icon: give EXE(icon=...) an .ico (PyInstaller converts the 256 px PNG of
;   lrmonitor/desktop/data/icons/ if Pillow is installed in the build environment);
; * packaging/smoke.py is Linux-only (Xvfb, xdotool).
; Installs for the current user by default (no administrator rights: students' laptops), with the
; choice of all users.

#define AppVersion "0.1.0"

[Setup]
AppId={{DE955CBD-D767-55F8-BA00-C9357AFFCB80}
AppName=lrmonitor
AppVersion={#AppVersion}
AppPublisher=The lrmonitor contributors
AppPublisherURL=https://github.com/lrmonitor/lrmonitor
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=lrmonitor-{#AppVersion}-setup
DefaultDirName={autopf}\lrmonitor
DefaultGroupName=lrmonitor
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\lrmonitor-gui.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\lrmonitor\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\lrmonitor"; Filename: "{app}\lrmonitor-gui.exe"
Name: "{group}\{cm:UninstallProgram,lrmonitor}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\lrmonitor"; Filename: "{app}\lrmonitor-gui.exe"; Tasks: desktopicon

[Registry]
; .lrmon session files open in lrmonitor (HKA: the current user's or all users' classes, as installed)
Root: HKA; Subkey: "Software\Classes\.lrmon"; ValueType: string; ValueName: ""; ValueData: "lrmonitor.session"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\lrmonitor.session"; ValueType: string; ValueName: ""; ValueData: "lrmonitor session"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\lrmonitor.session\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\lrmonitor-gui.exe,0"
Root: HKA; Subkey: "Software\Classes\lrmonitor.session\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\lrmonitor-gui.exe"" open ""%1"""

[Run]
Filename: "{app}\lrmonitor-gui.exe"; Description: "{cm:LaunchProgram,lrmonitor}"; Flags: nowait postinstall skipifsilent
