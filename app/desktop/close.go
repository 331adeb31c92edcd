package desktop

import (
	"os"
	"os/signal"
	"syscall"

	"dossier/app/desktop/platform"
)

// watchSignals lets a SIGTERM or SIGINT (a logout, a shutdown, kill) through the close
// question: Wails handles the first signal by calling the same close hook as the title bar,
// once, so a close it prevented would be lost. This handler only marks the quit as decided
// and asks for it again; the Closer lets one of the two through (docs/platforms.md).
func watchSignals(c *platform.Closer) (stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ch:
				c.Quit()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
