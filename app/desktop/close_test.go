package desktop

import (
	"context"
	"encoding/json"
	"testing"
)

// quitter records that the window was asked to quit.
type quitter struct {
	fakePlatform
	quit chan struct{}
}

func (q *quitter) Quit() { q.quit <- struct{}{} }

// TestBridgeClose: the page's answers reach the window's Closer through the bridge, as
// Platform.Closing and Platform.Quit.
func TestBridgeClose(t *testing.T) {
	b, p := NewBridge(), &quitter{quit: make(chan struct{}, 4)}
	if !b.start(context.Background(), p, t.TempDir()) {
		t.Fatalf("start failed: %v", p.messages)
	}
	defer b.close()
	call := func(method, arg string) {
		t.Helper()
		var args []json.RawMessage
		if arg != "" {
			args = append(args, json.RawMessage(arg))
		}
		if _, err := b.Call("Platform", method, args); err != nil {
			t.Fatalf("Platform.%s: %v", method, err)
		}
	}
	quits := func() int { return len(p.quit) }
	b.closer.BeforeClose()
	call("Closing", "true")
	if quits() != 0 {
		t.Fatal("the window quit while the delegate was asked")
	}
	call("Quit", "")
	if quits() != 1 {
		t.Fatal("Platform.Quit did not quit the window")
	}
	b2, p2 := NewBridge(), &quitter{quit: make(chan struct{}, 4)}
	if !b2.start(context.Background(), p2, t.TempDir()) {
		t.Fatal("start failed")
	}
	defer b2.close()
	b2.closer.BeforeClose()
	if _, err := b2.Call("Platform", "Closing", []json.RawMessage{json.RawMessage("false")}); err != nil || len(p2.quit) != 1 {
		t.Fatalf("a clean page's answer did not close the window: %v", err)
	}
}
