package brief

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/store"
)

const testAuthor = "0123456789ABCDEF"

// asOf is the date every fixture brief is written for.
var asOf = time.Date(2020, 11, 20, 12, 0, 0, 0, time.UTC)

func testOptions() Options {
	return Options{AsOf: asOf, GeneratedBy: "Test", Now: func() time.Time { return asOf }}
}

func openStore(tb testing.TB, author, name string) *store.Store {
	tb.Helper()
	st, err := store.Open("", store.Options{InMemory: true, Author: author, AuthorName: name})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// fixture writes records through the store's ordinary Save, as a delegate would.
type fixture struct {
	tb testing.TB
	st *store.Store
}

func newFixture(tb testing.TB) *fixture {
	return &fixture{tb: tb, st: openStore(tb, testAuthor, "Test")}
}

func raw(tb testing.TB, v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// draft turns field values into a create draft: set-valued fields are added element by element.
func draft(tb testing.TB, kind domain.Kind, fields map[string]any) store.Draft {
	tb.Helper()
	d := store.Draft{Type: oplog.OpCreate, Kind: string(kind), Record: uuid.Must(uuid.NewV7()).String(),
		Set: map[string]json.RawMessage{}, Add: map[string][]json.RawMessage{}}
	for name, v := range fields {
		f, ok := domain.FieldOf(kind, name)
		if !ok {
			tb.Fatalf("%s has no field %q", kind, name)
		}
		if f.Type == domain.TypeSet {
			rv := reflect.ValueOf(v)
			for i := 0; i < rv.Len(); i++ {
				d.Add[name] = append(d.Add[name], raw(tb, rv.Index(i).Interface()))
			}
			continue
		}
		d.Set[name] = raw(tb, v)
	}
	if len(d.Add) == 0 {
		d.Add = nil
	}
	return d
}

func (f *fixture) rec(kind domain.Kind, fields map[string]any) string {
	f.tb.Helper()
	d := draft(f.tb, kind, fields)
	if _, err := f.st.Save("", d); err != nil {
		f.tb.Fatalf("save %s: %v", kind, err)
	}
	return d.Record
}

// recs saves many records of one batch (records may not refer to each other).
func (f *fixture) recs(ds []store.Draft) {
	f.tb.Helper()
	for len(ds) > 0 {
		n := min(len(ds), 200)
		if _, err := f.st.Save("", ds[:n]...); err != nil {
			f.tb.Fatalf("save batch: %v", err)
		}
		ds = ds[n:]
	}
}

func (f *fixture) party(name, typ, iso3, acronym string) string {
	fields := map[string]any{"name": name, "type": typ}
	if iso3 != "" {
		fields["iso3"] = iso3
	}
	if acronym != "" {
		fields["acronym"] = acronym
	}
	return f.rec(domain.KindParty, fields)
}

func role(party, r string) domain.PartyRole { return domain.PartyRole{Party: party, Role: r} }

func fp(v float64) *float64 { return &v }

// The seed intervention's points (shared/mission), abridged where they do not matter here.
var seedPoints = []string{
	"Thank you to all the discussants for their intervention",
	"Allow me to make few comments on behalf of European External Action Service and European Commission Services, in line with our written submission",
	"In particular, partnership with African countries is being further strengthened, building also on the implementation of actions under the five pillars of the Joint Valletta Action Plan (2015), co-operation within the Khartoum and Rabat processes, and in the context of the cooperation with the African Union on migration.",
	"A close, strategic partnership has been put in place with UN agencies in the context of the trilateral African Union-European Union-United Nations (AU-EU-UN) Task Force to address the situation of migrants and refugees stranded in Libya. Thanks to the work of the Task Force and with support of the Trust Fund, around 53,000 voluntary humanitarian returns have taken place since 2017; assistance is being provided at disembarkation points, at detention centres when access is possible, and to support host communities, as well as promoting alternatives to detention.",
	"Supporting our partners in Nigeria and elsewhere in developing effective migration management capacity and governance is an example of the mutually beneficial partnerships we seek to develop.",
	"Thank you for your attention",
}

// libya holds the ids of the Libya fixture.
type libya struct {
	*fixture
	lby, ner, eu, au, un, iom         string
	taskForce, trustFund, rabat       string
	review, som, older1, older2, next string
	returns, disembark, coast, border string
	nigerOnly                         string
	intervention                      string
}

// libyaFixture is close to the seed: the AU-EU-UN Task Force with Libya, the 53,000 returns,
// an EU intervention at the UNECE regional review that mentions Libya.
func libyaFixture(tb testing.TB) *libya {
	f := &libya{fixture: newFixture(tb)}
	f.lby = f.party("Libya", "country", "LBY", "")
	f.ner = f.party("Niger", "country", "NER", "")
	f.eu = f.party("European Union", "eu_institution", "", "EU")
	f.au = f.party("African Union", "regional_organisation", "", "AU")
	f.un = f.party("United Nations", "international_organisation", "", "UN")
	f.iom = f.party("International Organization for Migration", "international_organisation", "", "IOM")

	f.taskForce = f.rec(domain.KindPartnership, map[string]any{
		"title": "AU-EU-UN Task Force", "type": "task_force", "status": "active", "start": "2017-11-29",
		"parties":         []domain.PartyRole{role(f.au, "lead"), role(f.eu, "member"), role(f.un, "member"), role(f.lby, "member")},
		"themes":          []string{"saving_lives_at_sea", "return_readmission_reintegration", "alternatives_to_detention"},
		"framework_items": []string{"GCM-21", "JVAP-5"},
		"summary":         "Trilateral task force to address the situation of migrants and refugees stranded in Libya.",
	})
	f.trustFund = f.rec(domain.KindPartnership, map[string]any{
		"title": "EU Emergency Trust Fund for Africa: North of Africa window", "type": "fund", "status": "active", "start": "2015-11-12",
		"parties": []domain.PartyRole{role(f.eu, "funding"), role(f.lby, "implementing"), role(f.iom, "implementing")},
	})
	f.rabat = f.rec(domain.KindPartnership, map[string]any{
		"title": "Rabat Process", "type": "regional_dialogue", "status": "active",
		"parties": []domain.PartyRole{role(f.eu, "member"), role(f.ner, "member")},
	})

	meeting := func(title, start, end, venue string, participants []string, sessions []domain.Session) string {
		fields := map[string]any{"title": title, "start": start, "end": end, "venue": venue, "time_zone": "Europe/Zurich",
			"participants": participants, "sessions": sessions}
		return f.rec(domain.KindMeeting, fields)
	}
	f.review = meeting("First Regional Review of the GCM in the UNECE region", "2020-11-12T09:00:00+01:00", "2020-11-13T18:00:00+01:00", "Geneva",
		[]string{f.eu, f.un}, []domain.Session{{Title: "Roundtable 4", Start: "2020-11-13T13:30:00+01:00", End: "2020-11-13T15:10:00+01:00"}})
	f.som = meeting("Task Force senior officials meeting", "2020-10-05T10:00:00+02:00", "2020-10-05T17:00:00+02:00", "Addis Ababa",
		[]string{f.au, f.eu, f.un, f.lby}, []domain.Session{{Title: "Opening session", Start: "2020-10-05T10:00:00+02:00", End: "2020-10-05T11:30:00+02:00"}})
	f.older1 = meeting("Task Force technical meeting, June", "2020-06-10T10:00:00+02:00", "", "Brussels", []string{f.lby, f.eu}, nil)
	f.older2 = meeting("Task Force technical meeting, March", "2020-03-03T10:00:00+01:00", "", "Tunis", []string{f.lby, f.eu}, nil)
	f.next = meeting("Task Force technical meeting, February", "2021-02-10T09:30:00+01:00", "2021-02-11T13:00:00+01:00", "Tripoli",
		[]string{f.lby, f.au, f.eu}, []domain.Session{{Title: "Returns and reintegration", Start: "2021-02-10T09:30:00+01:00", End: "2021-02-10T12:00:00+01:00"}})

	f.returns = f.rec(domain.KindCommitment, map[string]any{
		"title": "Voluntary humanitarian return from Libya", "status": "in_progress", "type": "operational", "due": "2021-12-31",
		"committed_by": []string{f.au, f.eu, f.un}, "towards": []string{f.lby}, "partnership": f.taskForce, "source_meeting": f.review,
		"framework_items": []string{"JVAP-5", "GCM-21"},
		"indicators":      []domain.Indicator{{Name: "Voluntary humanitarian returns", Unit: "people", Actual: fp(53000), Since: "2017-01-01", AsOf: "2020-11-13", Note: "around"}},
	})
	f.disembark = f.rec(domain.KindCommitment, map[string]any{
		"title": "Assistance at disembarkation points and detention centres", "status": "agreed", "due": "2020-06-30",
		"committed_by": []string{f.eu, f.iom}, "towards": []string{f.lby}, "partnership": f.trustFund,
		"framework_items": []string{"GCM-13"},
	})
	f.coast = f.rec(domain.KindCommitment, map[string]any{
		"title": "Search and rescue capacity of the Libyan coast guard", "status": "proposed", "type": "capacity_building", "due": "2021-01-15",
		"committed_by": []string{f.lby}, "towards": []string{f.eu}, "framework_items": []string{"GCM-8"}, "marking": "Restricted",
	})
	f.border = f.rec(domain.KindCommitment, map[string]any{
		"title": "Joint border management action plan", "status": "delivered", "due": "2020-09-01",
		"committed_by": []string{f.lby, f.eu}, "framework_items": []string{"GCM-11", "JVAP-4"},
	})
	f.nigerOnly = f.rec(domain.KindCommitment, map[string]any{
		"title": "Niger transit centre support", "status": "agreed", "committed_by": []string{f.eu}, "towards": []string{f.ner},
	})
	f.intervention = f.rec(domain.KindIntervention, map[string]any{
		"meeting": f.review, "session": "Roundtable 4", "on_behalf_of": []string{f.eu}, "speaker": "EEAS",
		"points": seedPoints, "countries": []string{"LBY"},
	})
	return f
}

// ---- PDF text ----

func pdftotext(tb testing.TB, pdf []byte, args ...string) string {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		tb.Fatalf("pdftotext is not installed: install poppler-utils (make deps-test, or apt-get install poppler-utils); these tests read the PDFs back")
	}
	dir := tb.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), in, "-")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

var spaces = regexp.MustCompile(`[\s\x{00a0}]+`) // a no-break space reads as a space in the text

// flat is the PDF's text in drawing order with every run of white space made one space, so
// that wrapped lines read as the sentence they came from.
func flat(tb testing.TB, pdf []byte) string {
	return spaces.ReplaceAllString(pdftotext(tb, pdf, "-raw"), " ")
}

func norm1(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

func renderPDF(tb testing.TB, f *Facts) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := RenderPDF(&b, f, English); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func mustAssemble(tb testing.TB, st *store.Store, code string) *Facts {
	tb.Helper()
	f, err := Assemble(st, code, testOptions())
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func titles(cs []Commitment) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Title)
	}
	return out
}

func seq3(i int) string { return fmt.Sprintf("%03d", i) }
