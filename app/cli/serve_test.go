package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestServeRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.0.2:80"} {
		var out, errb bytes.Buffer
		code := Run([]string{"serve", "--addr", addr, "--data", t.TempDir()}, &Env{Stdout: &out, Stderr: &errb})
		if code != ExitInvalid || !strings.Contains(errb.String(), "refusing to listen") || out.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", addr, code, out.String(), errb.String())
		}
	}
}
