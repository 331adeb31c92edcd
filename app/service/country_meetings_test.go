package service

import (
	"encoding/json"
	"testing"
)

// TestCountryMeetingDaysAsBrief: the country page gives each meeting its first and last days
// in the meeting's own time zone, the days the brief prints (brief.MeetingDays), so that the
// screen writes "5–6 March 2024" as the brief does; it showed the start's date alone ("5 March
// 2024"), and for a start late in the evening in UTC the day before the meeting's own.
func TestCountryMeetingDaysAsBrief(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	add := func(kind string, f map[string]any) string {
		t.Helper()
		fields := map[string]json.RawMessage{}
		for k, v := range f {
			fields[k] = raw(v)
		}
		rec, err := recs.Add(kind, fields)
		if err != nil {
			t.Fatal(err)
		}
		return rec.ID
	}
	tun := add("party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	want := map[string][2]string{
		// all day, two days
		add("meeting", map[string]any{"title": "Tunis talks", "start": "2024-03-05", "end": "2024-03-06", "time_zone": "Africa/Tunis", "participants": []string{tun}}): {"2024-03-05", "2024-03-06"},
		// 23:30 UTC is 00:30 the next day in Paris
		add("meeting", map[string]any{"title": "Late call", "start": "2024-03-05T23:30:00Z", "end": "2024-03-06T01:00:00Z", "time_zone": "Europe/Paris", "participants": []string{tun}}): {"2024-03-06", "2024-03-06"},
		// one evening to the next morning
		add("meeting", map[string]any{"title": "Night session", "start": "2024-04-01T20:00:00+02:00", "end": "2024-04-02T10:00:00+02:00", "time_zone": "Europe/Paris", "participants": []string{tun}}): {"2024-04-01", "2024-04-02"},
	}
	page, err := (&Country{App: app}).Get("TUN")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Meetings) != len(want) {
		t.Fatalf("%d meetings, want %d: %+v", len(page.Meetings), len(want), page.Meetings)
	}
	for _, m := range page.Meetings {
		if got := [2]string{m.Date, m.EndDay}; got != want[m.ID] {
			t.Errorf("%s: days %v, want %v", m.Title, got, want[m.ID])
		}
	}
	// The brief's days for the same meetings (all past at this date).
	facts, err := (&Brief{App: app}).Facts("TUN", BriefOptions{AsOf: "2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(facts.Meetings.Recent) != len(want) {
		t.Fatalf("the brief has %d recent meetings: %+v", len(facts.Meetings.Recent), facts.Meetings)
	}
	for _, m := range facts.Meetings.Recent {
		if got := [2]string{m.StartDay, m.EndDay}; got != want[m.ID] {
			t.Errorf("brief %s: days %v, want %v", m.Title, got, want[m.ID])
		}
	}
}

// TestCountryTalkingPointsMeetingDays: a talking point on the country page carries its
// meeting's days as the brief's talking points and the Meetings panel give them (brief.MeetingDays):
// a two-day meeting's span, the day in the meeting's own zone, and a meeting the country does
// not take part in (not in the Meetings panel) read all the same. It carried the summary's
// start date alone ("13 Dec 2022" for 13–14 December 2022).
func TestCountryTalkingPointsMeetingDays(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	add := func(kind string, f map[string]any) string {
		t.Helper()
		fields := map[string]json.RawMessage{}
		for k, v := range f {
			fields[k] = raw(v)
		}
		rec, err := recs.Add(kind, fields)
		if err != nil {
			t.Fatal(err)
		}
		return rec.ID
	}
	tun := add("party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	cadiz := add("meeting", map[string]any{"title": "Cadiz", "start": "2022-12-13", "end": "2022-12-14", "participants": []string{tun}})
	late := add("meeting", map[string]any{"title": "Late call", "start": "2024-03-05T23:30:00Z", "end": "2024-03-06T01:00:00Z", "time_zone": "Europe/Paris"})
	night := add("meeting", map[string]any{"title": "Night session", "start": "2024-04-01T20:00:00+02:00", "end": "2024-04-02T10:00:00+02:00", "time_zone": "Europe/Paris"})
	want := map[string][2]string{
		add("intervention", map[string]any{"meeting": cadiz, "speaker": "A", "on_behalf_of": []string{tun}, "points": []string{"one"}}): {"2022-12-13", "2022-12-14"},
		// 23:30 UTC is 00:30 the next day in Paris; the summary's date is the 5th
		add("intervention", map[string]any{"meeting": late, "speaker": "B", "on_behalf_of": []string{tun}, "points": []string{"two"}}):    {"2024-03-06", "2024-03-06"},
		add("intervention", map[string]any{"meeting": night, "speaker": "C", "on_behalf_of": []string{tun}, "points": []string{"three"}}): {"2024-04-01", "2024-04-02"},
	}
	page, err := (&Country{App: app}).Get("TUN")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.TalkingPoints) != len(want) {
		t.Fatalf("%d talking points, want %d: %+v", len(page.TalkingPoints), len(want), page.TalkingPoints)
	}
	for _, tp := range page.TalkingPoints {
		if got := [2]string{tp.Date, tp.EndDay}; got != want[tp.Intervention] {
			t.Errorf("%s at %s: days %v, want %v", tp.Speaker, tp.MeetingTitle, got, want[tp.Intervention])
		}
	}
	if got := page.TalkingPoints[0].Speaker; got != "C" {
		t.Errorf("the latest meeting's points first: %s, want C", got)
	}
	facts, err := (&Brief{App: app}).Facts("TUN", BriefOptions{AsOf: "2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, tp := range facts.TalkingPoints {
		if w, ok := want[tp.Intervention.ID]; ok && w[0] != "" {
			compared++
			if got := [2]string{tp.Meeting.StartDay, tp.Meeting.EndDay}; got != w {
				t.Errorf("brief %s: days %v, want %v", tp.Meeting.Title, got, w)
			}
		}
	}
	if compared != 3 {
		t.Errorf("the brief has %d of the 3 dated talking points: %+v", compared, facts.TalkingPoints)
	}
}
