package brief

import (
	"time"

	"dossier/app/domain"
)

// The facts carry dates as YYYY-MM-DD and times as local wall times; lang.go writes them in
// the brief's language.

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func meetingLocation(m *domain.Meeting) *time.Location {
	if m.TimeZone != "" {
		if loc, err := time.LoadLocation(m.TimeZone); err == nil {
			return loc
		}
	}
	return nil
}

func inLoc(t time.Time, loc *time.Location) time.Time {
	if loc != nil {
		return t.In(loc)
	}
	return t
}

// meetingStart is the instant a meeting starts; an all-day meeting starts at midnight in
// its time zone (UTC when it has none). Zero when the start is unreadable.
func meetingStart(m *domain.Meeting) time.Time {
	if t, err := time.Parse(time.RFC3339, m.Start); err == nil {
		return t
	}
	loc := meetingLocation(m)
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.ParseInLocation(time.DateOnly, m.Start, loc); err == nil {
		return t
	}
	return time.Time{}
}

// MeetingDays are a meeting's first and last days in its own time zone. All-day meetings
// (dates without times) keep their dates, whatever the zone; an unreadable start is kept as
// it is (the display writes it unchanged). The country page gives its meetings the same days
// (service.Country), so that the screen and the brief write one span.
func MeetingDays(m *domain.Meeting) Days {
	if domain.IsDate(m.Start) {
		end := m.End
		if !domain.IsDate(end) || end < m.Start {
			end = m.Start
		}
		return Days{StartDay: m.Start, EndDay: end}
	}
	start, err := time.Parse(time.RFC3339, m.Start)
	if err != nil {
		return Days{StartDay: m.Start, EndDay: m.Start}
	}
	loc := meetingLocation(m)
	d := Days{StartDay: inLoc(start, loc).Format(time.DateOnly)}
	d.EndDay = d.StartDay
	if end, err := time.Parse(time.RFC3339, m.End); err == nil && m.End != "" {
		if e := inLoc(end, loc).Format(time.DateOnly); e > d.StartDay {
			d.EndDay = e
		}
	}
	return d
}

// localTime writes an RFC 3339 instant as the wall time in the meeting's zone, to the
// minute ("" when unreadable).
func localTime(s string, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ""
	}
	return inLoc(t, loc).Format(localMinute)
}
