// Package console gives the Windows build's command line a terminal to print in. The
// Windows executable is a GUI program (so that the window opens from the Start menu with no
// console flashing up), and Windows starts such a program with no console at all: without
// this, `dossier.exe demo` typed in a terminal would print nothing. Attach (Windows only)
// attaches to the console of the process that started it, when there is one, and points the
// standard streams that lead nowhere at it; elsewhere it does nothing.
package console

// Stream is what a standard stream of the process is connected to at start.
type Stream int

const (
	Missing Stream = iota // no handle: a GUI program started with nothing attached
	Console               // a console
	Other                 // a file or a pipe: redirected by whoever started us, kept as it is
)

// Plan is what Attach does for the streams it found: whether to attach to the parent's
// console, and which of stdin, stdout and stderr to reopen on it.
type Plan struct {
	Attach                bool
	Stdin, Stdout, Stderr bool
}

// PlanFor decides from the three standard streams. Only missing streams are reopened: a
// stream redirected to a file or a pipe (`dossier.exe list > out.txt`) stays where it was
// sent. There is no point attaching when both output streams already lead somewhere.
func PlanFor(stdin, stdout, stderr Stream) Plan {
	if stdout != Missing && stderr != Missing {
		return Plan{}
	}
	return Plan{Attach: true, Stdin: stdin == Missing, Stdout: stdout == Missing, Stderr: stderr == Missing}
}
