package brief

import (
	"math"
	"strconv"
	"strings"
	"time"

	"dossier/app/domain"
)

// Dates and numbers are written the way a diplomatic brief writes them, in English:
// "13 November 2020", "13 Nov 2020", "53,000 people".

func longDate(t time.Time) string { return t.Format("2 January 2006") }

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// shortDate writes a YYYY-MM-DD date as "13 Nov 2020"; other text is returned unchanged.
func shortDate(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("2 Jan 2006")
	}
	return s
}

// sinceLabel writes a start date; 1 January stands for the whole year ("since 2017").
func sinceLabel(s string) string {
	if t, ok := parseDate(s); ok && t.Month() == time.January && t.Day() == 1 {
		return t.Format("2006")
	}
	return shortDate(s)
}

// periodLabel describes a partnership's dates.
func periodLabel(start, end string) string {
	month := func(s string) string {
		if t, ok := parseDate(s); ok {
			return t.Format("Jan 2006")
		}
		return s
	}
	switch {
	case start != "" && end != "":
		return month(start) + " – " + month(end)
	case start != "":
		return "since " + month(start)
	case end != "":
		return "until " + month(end)
	}
	return ""
}

// stampLabel writes an instant in UTC to the minute.
func stampLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006 15:04") + " UTC"
}

// quantity writes a value with its unit: "53,000 people", "45%", "EUR 2,500,000".
func quantity(v float64, unit string) string {
	n := number(v)
	switch {
	case unit == "":
		return n
	case unit == "%":
		return n + "%"
	case len(unit) == 3 && strings.ToUpper(unit) == unit && isLetters(unit):
		return unit + " " + n // currency codes come first
	}
	return n + " " + unit
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// number groups thousands with commas and keeps at most two decimals.
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if strings.ContainsAny(intPart, "e") {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
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

// meetingDates writes a meeting's days in its own time zone: "13 November 2020",
// "12–13 November 2020", "30 November – 2 December 2020". All-day meetings (dates without
// times) are written as they are, whatever the zone.
func meetingDates(m *domain.Meeting) string {
	if domain.IsDate(m.Start) {
		start, _ := time.Parse(time.DateOnly, m.Start)
		end, err := time.Parse(time.DateOnly, m.End)
		if err != nil {
			end = start
		}
		return dayRange(start, end)
	}
	start, err := time.Parse(time.RFC3339, m.Start)
	if err != nil {
		return m.Start
	}
	loc := meetingLocation(m)
	start = inLoc(start, loc)
	end, err := time.Parse(time.RFC3339, m.End)
	if err != nil || m.End == "" {
		return longDate(start)
	}
	return dayRange(start, inLoc(end, loc))
}

func dayRange(start, end time.Time) string {
	switch {
	case start.Format(time.DateOnly) == end.Format(time.DateOnly):
		return longDate(start)
	case start.Year() == end.Year() && start.Month() == end.Month():
		return start.Format("2") + "–" + longDate(end)
	case start.Year() == end.Year():
		return start.Format("2 January") + " – " + longDate(end)
	}
	return longDate(start) + " – " + longDate(end)
}

// money writes an amount with its currency code and every decimal it was given with:
// "EUR 46,300,000", "TND 1,234.125".
func money(currency string, v float64) string {
	intPart, frac, _ := strings.Cut(domain.AmountText(v), ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return currency + " " + b.String()
}

// sessionTime writes a session's time: "13 Nov, 13:30–15:10".
func sessionTime(s domain.Session, loc *time.Location) string {
	start, err := time.Parse(time.RFC3339, s.Start)
	if err != nil {
		return ""
	}
	start = inLoc(start, loc)
	out := start.Format("2 Jan, 15:04")
	if end, err := time.Parse(time.RFC3339, s.End); err == nil && s.End != "" {
		end = inLoc(end, loc)
		if end.Format(time.DateOnly) == start.Format(time.DateOnly) {
			out += "–" + end.Format("15:04")
		} else {
			out += " – " + end.Format("2 Jan, 15:04")
		}
	}
	return out
}
