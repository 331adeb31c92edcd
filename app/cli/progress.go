package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"dossier/app/service"
)

// progressDelay: an import that ends sooner shows no progress line at all.
const progressDelay = time.Second

// isTerminal reports whether w is a terminal (a character device): the progress line is for
// a person watching, never for a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressLine draws one line on w, rewritten in place, with how far the bundle being
// imported is, once its import has run for progressDelay. Watch is Sync.Watch; Stop clears
// the line.
type progressLine struct {
	w    io.Writer
	mu   sync.Mutex
	stop chan struct{}
	wg   sync.WaitGroup
}

func (p *progressLine) Watch(file string, progress func() service.ImportCount) {
	p.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	stop := make(chan struct{})
	p.stop = stop
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-stop:
			return
		case <-time.After(progressDelay):
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(p.w, "\r\033[K%s", progressText(filepath.Base(file), progress()))
			select {
			case <-stop:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-tick.C:
			}
		}
	}()
}

// Stop ends the line being drawn, if any, and clears it.
func (p *progressLine) Stop() {
	p.mu.Lock()
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func progressText(file string, c service.ImportCount) string {
	switch {
	case c.Total == 0:
		return file + ": checking the file…"
	case c.Committed:
		return fmt.Sprintf("%s: applying %d of %d new changes (%d%%)", file, c.Applied, c.Read, percent(c.Applied, c.Read))
	}
	return fmt.Sprintf("%s: %d of %d changes read and checked (%d%%), %d verified", file, c.Read, c.Total, percent(c.Read, c.Total), c.Verified)
}

func percent(n, of int64) int64 {
	if of <= 0 {
		return 0
	}
	return min(100, 100*n/of)
}
