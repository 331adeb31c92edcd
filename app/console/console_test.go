package console

import "testing"

// TestPlanFor: the decision the Windows build makes at start, tested here on any system.
func TestPlanFor(t *testing.T) {
	for _, c := range []struct {
		name         string
		in, out, err Stream
		want         Plan
	}{
		{"typed in a terminal: GUI programs get no handles", Missing, Missing, Missing, Plan{Attach: true, Stdin: true, Stdout: true, Stderr: true}},
		{"output redirected to a file (dossier.exe list > out.txt)", Missing, Other, Missing, Plan{Attach: true, Stdin: true, Stderr: true}},
		{"both outputs redirected (a script)", Missing, Other, Other, Plan{}},
		{"piped input, console output missing", Other, Missing, Missing, Plan{Attach: true, Stdout: true, Stderr: true}},
		{"already on a console (a console build, or Linux)", Console, Console, Console, Plan{}},
		{"stderr redirected only", Missing, Missing, Other, Plan{Attach: true, Stdin: true, Stdout: true}},
	} {
		if got := PlanFor(c.in, c.out, c.err); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	Attach() // outside Windows it changes nothing
}
