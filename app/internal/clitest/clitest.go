// Package clitest builds the dossier binary and runs it as a user would, for the suites that
// drive the real command line (app/cli, app/cli/synce2e, app/web's end-to-end tests).
package clitest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ModuleRoot is the directory of go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the dossier module")
	}
	return filepath.Dir(mod), nil
}

// Build compiles the dossier binary (with build tags, if any) to out.
func Build(out, tags string) error {
	root, err := ModuleRoot()
	if err != nil {
		return err
	}
	args := []string{"build", "-o", out}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %v: %w\n%s", args, err, b)
	}
	return nil
}

// Run runs the binary on a data directory (DOSSIER_DATA) with the given standard input and
// returns what it printed and its exit code. err is set only when it could not run at all.
func Run(bin, data, stdin string, args ...string) (stdout, stderr string, code int, err error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DOSSIER_DATA="+data)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), errb.String(), ee.ExitCode(), nil
	}
	return out.String(), errb.String(), 0, err
}
