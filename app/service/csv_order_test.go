package service

import (
	"fmt"
	"strings"
	"testing"
)

// TestCSVRowProblemsInFileOrder: a row's problems are listed in the order of the file's
// columns (not by the columns' names: "end" came before "start"), and the entries of a list
// cell by number (not as text: "entry 11" came before "entry 3"). docs/csv.md, "The report".
func TestCSVRowProblemsInFileOrder(t *testing.T) {
	app := testApp(t)
	seed(t, app)
	// Eleven indicators, the 3rd and the 11th without a name: the validator names them
	// "indicators[2]" and "indicators[10]", which sort the other way round as text.
	var ind []string
	for i := 1; i <= 11; i++ {
		name := fmt.Sprintf("Indicator %d", i)
		if i == 3 || i == 11 {
			name = ""
		}
		ind = append(ind, fmt.Sprintf(`{""name"":""%s"",""unit"":""people""}`, name))
	}
	file := "title;status;indicators;due\nA;maybe;\"[" + strings.Join(ind, ",") + "]\";soon\n"
	rep, err := (&CSV{App: app}).ImportFiles("commitment", CSVInput{R: strings.NewReader(file)})
	if err == nil {
		t.Fatalf("accepted: %+v", rep)
	}
	var got []string
	for _, e := range rep.Errors {
		got = append(got, e.Column+" "+e.At)
	}
	want := []string{"status ", "indicators 3.name", "indicators 11.name", "due "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems in the order %q, want %q\n%v", got, want, err)
	}

	// A meeting's start before its end, as the file has them.
	rep, err = (&CSV{App: app}).ImportFiles("meeting", CSVInput{R: strings.NewReader("title,start,end\nM,soon,later\n")})
	if err == nil {
		t.Fatalf("accepted: %+v", rep)
	}
	got = nil
	for _, e := range rep.Errors {
		got = append(got, e.Column)
	}
	if strings.Join(got, "|") != "start|end" {
		t.Errorf("problems in the order %q, want start then end\n%v", got, err)
	}
}
