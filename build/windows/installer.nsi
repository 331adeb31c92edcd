; The Windows installer of Dossier, built on Linux with makensis (make dist; scripts/dist.sh).
; docs/platforms.md says what it does and what has not yet been tried on Windows.
;
; makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DEXE=dossier.exe -DICON=dossier.ico
;          -DCHANGELOG=CHANGELOG.md -DOUTFILE=Dossier-0.1.0-windows-amd64-setup.exe installer.nsi
;
; Per machine, for an IT department: Program Files, a Start-menu entry for every user, the
; .dossier and .card file types, an entry in "Installed apps" with an uninstaller. Silent
; installation and removal: setup.exe /S, uninstall.exe /S. Each user's data stays in
; %APPDATA%\Dossier and is never removed by the uninstaller.

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!ifndef VERSION | VERSION4 | EXE | ICON | CHANGELOG | OUTFILE
  !error "give -DVERSION -DVERSION4 -DEXE -DICON -DCHANGELOG -DOUTFILE (scripts/dist.sh does)"
!endif

!define APP "Dossier"
!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Dossier"
; The Evergreen WebView2 runtime Wails draws the window with (per machine, then per user).
!define WEBVIEW2 "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "Software\${APP}" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} installer"
VIAddVersionKey /LANG=0 "CompanyName" "Dossier team"
VIAddVersionKey /LANG=0 "LegalCopyright" "Copyright (c) Dossier team"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\dossier.exe"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\CHANGELOG.txt"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"

LangString Need64 ${LANG_ENGLISH} "Dossier needs a 64-bit version of Windows."
LangString Need64 ${LANG_FRENCH} "Dossier nécessite une version 64 bits de Windows."
LangString NeedWebView2 ${LANG_ENGLISH} "Dossier draws its window with the Microsoft Edge WebView2 Runtime, which Windows 11 and up-to-date Windows 10 include, but it was not found on this computer. Dossier is installed; before starting it, install the WebView2 Runtime (ask your IT department, or see https://developer.microsoft.com/microsoft-edge/webview2/)."
LangString NeedWebView2 ${LANG_FRENCH} "Dossier affiche sa fenêtre avec Microsoft Edge WebView2 Runtime, inclus dans Windows 11 et dans Windows 10 à jour, mais il est absent de cet ordinateur. Dossier est installé ; avant de le lancer, installez WebView2 Runtime (demandez à votre service informatique, ou voir https://developer.microsoft.com/microsoft-edge/webview2/)."
LangString BundleType ${LANG_ENGLISH} "Dossier bundle"
LangString BundleType ${LANG_FRENCH} "Paquet Dossier"
LangString CardType ${LANG_ENGLISH} "Dossier identity card"
LangString CardType ${LANG_FRENCH} "Carte d'identité Dossier"
LangString KeptData ${LANG_ENGLISH} "Dossier was removed. Each user's data (%APPDATA%\Dossier) was kept."
LangString KeptData ${LANG_FRENCH} "Dossier a été désinstallé. Les données de chaque utilisateur (%APPDATA%\Dossier) sont conservées."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Need64)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

; A file type: its extension, the program id it points to, the name and icon Explorer shows,
; and the command a double click runs: the window, opened on that file.
!macro FileType EXT PROGID DESC
  WriteRegStr HKLM "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "${DESC}"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\dossier.exe,0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\dossier.exe" "%1"'
!macroend

!macro RemoveFileType EXT PROGID
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
  ReadRegStr $0 HKLM "Software\Classes\${EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey HKLM "Software\Classes\${EXT}"
  ${EndIf}
!macroend

Section "Dossier"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "/oname=dossier.exe" "${EXE}"
  File "/oname=dossier.ico" "${ICON}"
  File "/oname=CHANGELOG.txt" "${CHANGELOG}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\dossier.exe" "" "$INSTDIR\dossier.exe" 0

  !insertmacro FileType ".dossier" "Dossier.Bundle" "$(BundleType)"
  !insertmacro FileType ".card" "Dossier.Card" "$(CardType)"
  WriteRegStr HKLM "Software\Classes\.dossier" "Content Type" "application/vnd.dossier.bundle"
  ; Explorer reads the new types at once, not at the next logon (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; "dossier" in the Run dialog (Win+R) and `start dossier` find it.
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\App Paths\dossier.exe" "" "$INSTDIR\dossier.exe"
  WriteRegStr HKLM "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "Software\${APP}" "Version" "${VERSION}"

  WriteRegStr HKLM "${UNINST}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST}" "Publisher" "Dossier team"
  WriteRegStr HKLM "${UNINST}" "DisplayIcon" "$INSTDIR\dossier.exe,0"
  WriteRegStr HKLM "${UNINST}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINST}" "EstimatedSize" $0

  ClearErrors
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_ICONINFORMATION "$(NeedWebView2)" /SD IDOK
  ${EndIf}
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${APP}.lnk"
  !insertmacro RemoveFileType ".dossier" "Dossier.Bundle"
  !insertmacro RemoveFileType ".card" "Dossier.Card"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\App Paths\dossier.exe"
  DeleteRegKey HKLM "${UNINST}"
  DeleteRegKey HKLM "Software\${APP}"
  Delete "$INSTDIR\dossier.exe"
  Delete "$INSTDIR\dossier.ico"
  Delete "$INSTDIR\CHANGELOG.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DetailPrint "$(KeptData)"
SectionEnd
