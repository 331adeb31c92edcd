package domain

import "testing"

func TestCommitmentSide(t *testing.T) {
	mine := func(id string) bool { return id == "tn1" || id == "tn2" }
	cases := []struct {
		name string
		c    Commitment
		want Side
	}{
		{"by the country alone", Commitment{CommittedBy: []string{"tn1"}}, SideBy},
		{"by two of its parties", Commitment{CommittedBy: []string{"tn1", "tn2"}, Towards: []string{"eu"}}, SideBy},
		{"towards the country", Commitment{CommittedBy: []string{"eu"}, Towards: []string{"tn1"}}, SideTowards},
		{"money recorded for the country", Commitment{CommittedBy: []string{"eu"}, Funding: []Funding{{Country: "tn2"}}}, SideTowards},
		{"figure recorded for the country", Commitment{CommittedBy: []string{"eu"},
			Indicators: []Indicator{{Values: []IndicatorValue{{Country: "tn1"}}}}}, SideTowards},
		{"by the country with others", Commitment{CommittedBy: []string{"tn1", "eu"}}, SideJoint},
		{"by the country and towards it", Commitment{CommittedBy: []string{"tn1"}, Towards: []string{"tn2"}}, SideJoint},
		{"by the country with money for it", Commitment{CommittedBy: []string{"tn1"}, Funding: []Funding{{Country: "tn1"}}}, SideJoint},
		{"not the country's", Commitment{CommittedBy: []string{"eu"}, Towards: []string{"ma"}, Funding: []Funding{{Country: "ma"}}}, SideNone},
		{"empty", Commitment{}, SideNone},
	}
	for _, tc := range cases {
		if got := CommitmentSide(&tc.c, mine); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
