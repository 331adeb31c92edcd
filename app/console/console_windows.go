//go:build windows

package console

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

// x/sys/windows has no wrapper for AttachConsole; it is a plain kernel32 call.
var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// Attach attaches to the console of the process that started this one (cmd.exe,
// PowerShell, Windows Terminal) and reopens the standard streams that have no handle on it.
// Started from Explorer or the Start menu there is no such console: AttachConsole fails and
// nothing changes, so no console window ever appears.
//
// The shell does not wait for a GUI program: its prompt comes back at once and the output
// follows it (docs/platforms.md says how to wait: `start /wait dossier.exe …`).
func Attach() {
	p := PlanFor(kind(windows.STD_INPUT_HANDLE), kind(windows.STD_OUTPUT_HANDLE), kind(windows.STD_ERROR_HANDLE))
	if !p.Attach {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	if p.Stdin {
		reopen("CONIN$", os.O_RDWR, windows.STD_INPUT_HANDLE, &os.Stdin)
	}
	if p.Stdout {
		reopen("CONOUT$", os.O_RDWR, windows.STD_OUTPUT_HANDLE, &os.Stdout)
	}
	if p.Stderr {
		reopen("CONOUT$", os.O_RDWR, windows.STD_ERROR_HANDLE, &os.Stderr)
	}
}

func kind(std uint32) Stream {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return Missing
	}
	t, err := windows.GetFileType(h)
	switch {
	case err != nil && t == windows.FILE_TYPE_UNKNOWN:
		return Missing
	case t == windows.FILE_TYPE_CHAR:
		return Console
	}
	return Other
}

func reopen(name string, flag int, std uint32, f **os.File) {
	c, err := os.OpenFile(name, flag, 0)
	if err != nil {
		return
	}
	_ = windows.SetStdHandle(std, windows.Handle(c.Fd()))
	*f = c
}
