package store

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"dossier/app/internal/textcap"
	"dossier/app/oplog"
)

// TestQueryPageBounds: the index never panics, whatever the offset and limit (the service
// refuses values outside the documented ranges; the index clamps to them).
func TestQueryPageBounds(t *testing.T) {
	s := openTest(t, t.TempDir())
	for i := 0; i < 5; i++ {
		create(t, s, "party", map[string]any{"name": "Party " + string(rune('A'+i)), "type": "country", "iso3": "LBY"})
	}
	cases := []struct {
		offset, limit int
		items         int
	}{
		{0, 0, 5},                   // default page
		{0, 2, 2},                   // a page
		{4, 2, 1},                   // the last row
		{5, 2, 0},                   // just past the end
		{-1, 2, 2},                  // clamped to 0
		{0, -7, 5},                  // default page
		{0, MaxLimit + 1, 5},        // clamped to MaxLimit
		{MaxOffset, MaxLimit, 0},    // the largest accepted
		{math.MaxInt64 - 10, 50, 0}, // offset+limit would overflow
		{math.MaxInt64, math.MaxInt64, 0},
		{math.MinInt64, math.MaxInt64, 5},
	}
	for _, c := range cases {
		p := s.Query(Query{Kind: "party", Offset: c.offset, Limit: c.limit})
		if p.Total != 5 || len(p.Items) != c.items {
			t.Errorf("offset %d limit %d: total %d, %d items; want 5, %d", c.offset, c.limit, p.Total, len(p.Items), c.items)
		}
	}
}

// TestRefusalMessagesAreBounded: messages that list gaps or refused changes name a few and
// count the rest, however many there are.
func TestRefusalMessagesAreBounded(t *testing.T) {
	for _, n := range []int{1, textcap.Items, textcap.Items + 1, 40000} {
		gaps := make([]oplog.Gap, n)
		errs := make([]DraftError, n)
		for i := range gaps {
			gaps[i] = oplog.Gap{Author: fmt.Sprintf("%016X", i), From: 1, To: 9}
			errs[i] = DraftError{Index: i, Err: errors.New("is wrong")}
		}
		for name, msg := range map[string]string{"gaps": (&GapError{Gaps: gaps}).Error(), "batch": (&BatchError{Errors: errs}).Error()} {
			more := fmt.Sprintf("… and %d more", n-textcap.Items)
			if cut := strings.Contains(msg, more); cut != (n > textcap.Items) {
				t.Errorf("%s of %d: cut=%v: %.300q", name, n, cut, msg)
			}
			if len(msg) > 1000 {
				t.Errorf("%s of %d: %d bytes", name, n, len(msg))
			}
		}
	}
}
