package desktop

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"dossier/app/service"
	"dossier/app/service/registry"
)

type nanSvc struct{}

func (nanSvc) NaN() (float64, error) { return math.NaN(), nil }
func (nanSvc) One() (float64, error) { return 1, nil }

// TestBridgeAnswerThatCannotBeEncoded: the bridge encodes answers itself, because Wails ends
// the process when it cannot; a value JSON cannot carry rejects the promise with the typed error.
func TestBridgeAnswerThatCannotBeEncoded(t *testing.T) {
	b := NewBridge()
	b.disp = registry.NewFrom([]registry.Entry{{Name: "Odd", Impl: nanSvc{}, Methods: registry.Methods{"NaN": registry.Window, "One": registry.Window}}}, registry.Window)
	close(b.ready)
	res, err := b.Call("Odd", "NaN", nil)
	var e service.Error
	if err == nil || json.Unmarshal([]byte(err.Error()), &e) != nil || e.Code != service.CodeFailed || !strings.Contains(e.Message, "Odd.NaN") {
		t.Fatalf("NaN: got %v, %v; want a failed error naming the method", res, err)
	}
	if res != nil {
		t.Fatalf("NaN: an answer came with the error: %v", res)
	}
	if v := decode[float64](t, mustCall(t, b, "Odd", "One")); v != 1 {
		t.Fatalf("One: %v", v)
	}
}

func mustCall(t *testing.T, b *Bridge, svc, method string) any {
	t.Helper()
	res, err := b.Call(svc, method, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
