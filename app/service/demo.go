package service

import (
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/store"
)

// Demo loads the sample data drawn from the seed document: the EEAS/Commission intervention
// at Roundtable 4 of the first UNECE regional review of the GCM (12–13 November 2020).
type Demo struct{ App *App }

// demoNS makes the sample records' ids fixed, so loading them twice adds nothing.
var demoNS = uuid.MustParse("6f1c1e52-9a41-4b7e-8d0e-3c1d2a5b7f10")

// DemoID is the fixed id of a sample record.
func DemoID(name string) string { return uuid.NewSHA1(demoNS, []byte(name)).String() }

type demoRecord struct {
	kind   domain.Kind
	name   string
	fields map[string]any
}

// DemoReport says what loading the sample data did.
type DemoReport struct {
	Created int `json:"created"`
	Present int `json:"present"`
}

// Load stores every sample record that is not there yet, in one batch.
func (d *Demo) Load() (*DemoReport, error) {
	var drafts []store.Draft
	rep := &DemoReport{}
	for _, r := range demoRecords() {
		id := DemoID(r.name)
		if _, err := d.App.Store.Get(id); err == nil {
			rep.Present++
			continue
		}
		fields := map[string]json.RawMessage{}
		for k, v := range r.fields {
			fields[k] = oplog.MustCanon(v)
		}
		dr, err := createDraft(string(r.kind), id, fields)
		if err != nil {
			return nil, err
		}
		drafts = append(drafts, dr)
	}
	if len(drafts) == 0 {
		return rep, nil
	}
	if _, err := d.App.Store.Save("sample data", drafts...); err != nil {
		return nil, AsError(err)
	}
	rep.Created = len(drafts)
	return rep, nil
}

func ids(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = DemoID(n)
	}
	return out
}

type role struct{ Party, Role string }

func roles(rs ...role) []map[string]string {
	out := make([]map[string]string, len(rs))
	for i, r := range rs {
		out[i] = map[string]string{"party": DemoID(r.Party), "role": r.Role}
	}
	return out
}

func frameworkItems(items []domain.FrameworkItem) []map[string]any {
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = map[string]any{"code": it.Code, "number": it.Number, "title": it.Title, "framework": it.Framework}
	}
	return out
}

var seedPoints = []string{
	"Thank you to all the discussants for their intervention.",
	"Allow me to make few comments on behalf of European External Action Service and European Commission Services, in line with our written submission.",
	"The global challenges we face in today's world require effective multilateral approaches, based on solidarity, human rights and a rules-based international order. Building strong partnerships with countries of origin, transit and destination and working towards a comprehensive and balanced framework for engagement with partners to address migration is a key element of the European Union's migration policy.",
	"In line with the guiding principles of the GCM, the European Commission Services and the European External Action Service (EEAS) have been engaged in building genuine and tailor-made partnerships, to support partner countries to strengthen their capacities in the area of migration. Bilateral, regional and multilateral dialogues have intensified and encompass issues such as saving lives at sea, protecting the human rights of migrants, developing evidence-based migration governance systems, tackling migrant smuggling and human trafficking, enhancing border management, visa facilitation, promoting legal and circular migration and mobility, return, readmission and sustainable reintegration, as well as addressing the root causes of irregular migration and forced displacement.",
	"In particular, partnership with African countries is being further strengthened, building also on the implementation of actions under the five pillars of the Joint Valletta Action Plan (2015), co-operation within the Khartoum and Rabat processes, and in the context of the cooperation with the African Union on migration. Migration and mobility are also part of the new 2020 EU Communication \"Towards a Comprehensive Strategy with Africa\" and of the next cycle of EU-ACP relations.",
	"A close, strategic partnership has been put in place with UN agencies in the context of the trilateral African Union-European Union-United Nations (AU-EU-UN) Task Force to address the situation of migrants and refugees stranded in Libya. Thanks to the work of the Task Force and with support of the Trust Fund, around 53,000 voluntary humanitarian returns have taken place since 2017; assistance is being provided at disembarkation points, at detention centres when access is possible, and to support host communities, as well as promoting alternatives to detention.",
	"Building on this comprehensive approach and the activities briefly outlined, on 23 September 2020 the European Commission published a New Pact on Migration and Asylum, as a “fresh start” on migration for the EU. Discussions on the proposed Pact with EU Member States in the Council and in the European Parliament were launched.",
	"The proposed Pact addresses both the internal and external dimension of the EU’s migration policy. Externally, the new Pact proposes to consolidate and reinforce cooperation with third countries, based on the approach of tailor-made and mutually beneficial partnerships with countries and regions, as well as in international organisations and at multilateral level, and ensuring ownership on all sides of all dimensions of our cooperation on migration.",
	"Supporting our partners in developing effective migration management capacity and governance is an example of the mutually beneficial partnerships we seek to develop. The EU stands ready to help with expertise and capacity building. Depending on the specific situation and needs of a third country, the support can include capacity building of the border and coast guards, including strengthening search and rescue capacities, support in the elaboration of national migration and asylum legislation and strategies, creating asylum and reception capacities, protecting migrants’ rights by combatting discrimination and labour exploitation, or stepping up the fight against migrant smuggling.",
	"And as the last point allow to underline the need for improving cooperation on return and readmission combined with support for sustainable reintegration, altogether our important element of renewed partnerships with third countries.",
	"Thank you for your attention.",
}

// The countries named for the Rabat and Khartoum processes (a selection of their members).
var (
	rabatCountries    = []string{"MAR", "SEN", "MLI", "NER", "NGA", "CIV", "MRT", "GMB"}
	khartoumCountries = []string{"ETH", "ERI", "SDN", "SSD", "SOM", "DJI", "KEN", "EGY", "TUN"}
)

func demoRecords() []demoRecord {
	var recs []demoRecord
	party := func(name, typ, acronym, iso3, region string) {
		f := map[string]any{"name": name, "type": typ}
		if acronym != "" {
			f["acronym"] = acronym
		}
		if iso3 != "" {
			f["iso3"] = iso3
		}
		if region != "" {
			f["region"] = region
		}
		key := acronym
		if iso3 != "" {
			key = iso3
		}
		recs = append(recs, demoRecord{domain.KindParty, "party/" + key, f})
	}
	party("European Union", "regional_organisation", "EU", "", "Europe")
	party("European External Action Service", "eu_institution", "EEAS", "", "Europe")
	party("European Commission", "eu_institution", "EC", "", "Europe")
	party("African Union", "regional_organisation", "AU", "", "Africa")
	party("United Nations Economic Commission for Europe", "international_organisation", "UNECE", "", "")
	party("Office of the United Nations High Commissioner for Refugees", "international_organisation", "UNHCR", "", "")
	party("International Organization for Migration", "international_organisation", "IOM", "", "")
	party("Libya", "country", "", "LBY", "North Africa")
	for _, c := range append(append([]string{}, rabatCountries...), khartoumCountries...) {
		country, _ := domain.CountryByCode(c)
		region := "West Africa"
		if strings.Contains("ETH ERI SDN SSD SOM DJI KEN", c) {
			region = "Horn of Africa"
		}
		if c == "EGY" || c == "TUN" || c == "MAR" {
			region = "North Africa"
		}
		party(country.ISOName, "country", "", c, region) // the title earlier versions wrote
	}
	p := func(names ...string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = "party/" + n
		}
		return out
	}

	recs = append(recs,
		demoRecord{domain.KindFramework, "framework/GCM", map[string]any{"code": "GCM",
			"title": "Global Compact for Safe, Orderly and Regular Migration", "adopted": "2018-12-19", "items": frameworkItems(domain.GCMItems)}},
		demoRecord{domain.KindFramework, "framework/JVAP", map[string]any{"code": "JVAP",
			"title": "Joint Valletta Action Plan", "adopted": "2015-11-12", "items": frameworkItems(domain.JVAPItems)}},
	)

	members := func(lead []string, isoMembers []string, extra ...role) []map[string]string {
		var rs []role
		for _, l := range lead {
			rs = append(rs, role{"party/" + l, "lead"})
		}
		for _, m := range isoMembers {
			rs = append(rs, role{"party/" + m, "member"})
		}
		return roles(append(rs, extra...)...)
	}
	recs = append(recs,
		demoRecord{domain.KindPartnership, "partnership/khartoum", map[string]any{
			"title": "Khartoum Process (EU-Horn of Africa Migration Route Initiative)", "type": "regional_dialogue", "status": "active", "start": "2014-11-28",
			"parties":         members([]string{"EU"}, khartoumCountries, role{"party/AU", "observer"}),
			"themes":          []string{"migrant_smuggling", "trafficking", "border_management", "root_causes"},
			"framework_items": []string{"JVAP-1", "JVAP-4", "GCM-9", "GCM-10"},
			"summary":         "Regional dialogue between the EU and countries of origin, transit and destination along the migration route between the Horn of Africa and Europe; one of the frameworks in which the EU's partnership with African countries is being strengthened.",
			"source":          "Declaration of the Ministerial Conference of the Khartoum Process, Rome, 28 November 2014"}},
		demoRecord{domain.KindPartnership, "partnership/rabat", map[string]any{
			"title": "Rabat Process (Euro-African Dialogue on Migration and Development)", "type": "regional_dialogue", "status": "active", "start": "2006-07-11",
			"parties":         members([]string{"EU"}, append([]string{"LBY"}, rabatCountries...)),
			"themes":          []string{"legal_migration_mobility", "return_readmission_reintegration", "root_causes", "migrant_smuggling"},
			"framework_items": []string{"JVAP-1", "JVAP-2", "JVAP-5", "GCM-5", "GCM-21"},
			"summary":         "Intergovernmental dialogue between countries of origin, transit and destination along the West and Central African migration routes.",
			"source":          "Rabat Declaration and Action Plan, 11 July 2006"}},
		demoRecord{domain.KindPartnership, "partnership/jvap", map[string]any{
			"title": "Joint Valletta Action Plan", "type": "continental", "status": "active", "start": "2015-11-12",
			"parties":         members([]string{"EU", "AU"}, append(append([]string{"LBY"}, rabatCountries...), khartoumCountries...)),
			"themes":          []string{"root_causes", "legal_migration_mobility", "asylum_reception", "migrant_smuggling", "trafficking", "return_readmission_reintegration"},
			"framework_items": []string{"JVAP-1", "JVAP-2", "JVAP-3", "JVAP-4", "JVAP-5"},
			"summary":         "Action plan adopted at the 2015 Valletta Summit on Migration; its five pillars frame EU-Africa cooperation on migration.",
			"source":          "Valletta Summit Action Plan, 11–12 November 2015"}},
		demoRecord{domain.KindPartnership, "partnership/au-eu-un-taskforce", map[string]any{
			"title": "AU-EU-UN Task Force on the situation of migrants and refugees in Libya", "type": "task_force", "status": "active", "start": "2017-11-29",
			"parties": roles(role{"party/AU", "lead"}, role{"party/EU", "lead"}, role{"party/UNHCR", "implementing"},
				role{"party/IOM", "implementing"}, role{"party/LBY", "member"}),
			"themes":          []string{"saving_lives_at_sea", "human_rights", "return_readmission_reintegration", "alternatives_to_detention"},
			"framework_items": []string{"GCM-8", "GCM-13", "GCM-21", "JVAP-3", "JVAP-5"},
			"summary":         "Trilateral task force to address the situation of migrants and refugees stranded in Libya: voluntary humanitarian returns, assistance at disembarkation points and detention centres, support to host communities, alternatives to detention."}},
		demoRecord{domain.KindPartnership, "partnership/eutf-africa", map[string]any{
			"title": "EU Emergency Trust Fund for Africa", "type": "fund", "status": "active", "start": "2015-11-12",
			"parties":         roles(role{"party/EU", "funding"}, role{"party/EC", "lead"}, role{"party/IOM", "implementing"}, role{"party/LBY", "member"}),
			"themes":          []string{"root_causes", "return_readmission_reintegration"},
			"framework_items": []string{"JVAP-1", "JVAP-5"},
			"summary":         "The Trust Fund with whose support the Task Force's voluntary humanitarian returns took place.",
			"source":          "Agreement establishing the EU Emergency Trust Fund for Africa, Valletta, 12 November 2015"}},
		demoRecord{domain.KindPartnership, "partnership/new-pact", map[string]any{
			"title": "New Pact on Migration and Asylum", "type": "multilateral", "status": "exploratory", "start": "2020-09-23",
			"parties":         roles(role{"party/EC", "lead"}, role{"party/EU", "member"}),
			"themes":          []string{"asylum_reception", "return_readmission_reintegration", "legal_migration_mobility", "border_management"},
			"framework_items": []string{"GCM-23"},
			"summary":         "Published by the European Commission on 23 September 2020 as a \"fresh start\" on migration; proposes tailor-made, mutually beneficial partnerships with third countries. Discussions launched in the Council and the European Parliament."}},
		demoRecord{domain.KindPartnership, "partnership/strategy-africa", map[string]any{
			"title": "Towards a Comprehensive Strategy with Africa", "type": "continental", "status": "exploratory", "start": "2020-03-09",
			"parties":         roles(role{"party/EU", "lead"}, role{"party/AU", "member"}),
			"themes":          []string{"legal_migration_mobility", "root_causes"},
			"framework_items": []string{"GCM-23", "JVAP-2"},
			"summary":         "2020 EU Communication in which migration and mobility are part of the partnership with Africa."}},
	)

	meeting := "meeting/unece-2020"
	recs = append(recs, demoRecord{domain.KindMeeting, meeting, map[string]any{
		"title":        "First Regional Review of the Global Compact for Safe, Orderly and Regular Migration in the UNECE region",
		"series":       "GCM regional reviews",
		"start":        "2020-11-12T09:00:00+01:00",
		"end":          "2020-11-13T18:00:00+01:00",
		"time_zone":    "Europe/Zurich",
		"venue":        "UNECE, Geneva",
		"organiser":    DemoID("party/UNECE"),
		"participants": ids(p("EEAS", "EC", "UNECE", "UNHCR", "IOM")...),
		"sessions": []map[string]string{
			{"title": "Roundtable 4", "start": "2020-11-13T13:30:00+01:00", "end": "2020-11-13T15:10:00+01:00"},
		},
	}})

	// A meeting known by its days only (all day), filed under its process.
	recs = append(recs, demoRecord{domain.KindMeeting, "meeting/rabat-cadiz-2022", map[string]any{
		"title":        "Euro-African Ministerial Conference on Migration and Development (Rabat Process)",
		"partnership":  DemoID("partnership/rabat"),
		"start":        "2022-12-13",
		"end":          "2022-12-14",
		"time_zone":    "Europe/Madrid",
		"venue":        "Cádiz",
		"participants": ids(p(append([]string{"EU", "EC"}, rabatCountries...)...)...),
		"outcome":      "Cadiz Political Declaration and Action Plan 2023–2027 adopted.",
	}})

	type commitment struct {
		name, title, text, typ, status, partnership string
		by, towards, themes, items                  []string
		indicators                                  []map[string]any
	}
	eu := []string{"EEAS", "EC"}
	cs := []commitment{
		{"border-coast-guards", "Capacity building of border and coast guards", "Depending on the specific situation and needs of a third country, support can include capacity building of the border and coast guards.",
			"capacity_building", "proposed", "new-pact", eu, []string{"LBY", "TUN", "MAR"}, []string{"border_management"}, []string{"GCM-11", "JVAP-4"}, nil},
		{"search-rescue", "Strengthening search and rescue capacities", "Capacity building of the border and coast guards includes strengthening search and rescue capacities.",
			"capacity_building", "proposed", "new-pact", eu, []string{"LBY", "TUN"}, []string{"saving_lives_at_sea"}, []string{"GCM-8"}, nil},
		{"legislation", "Support for national migration and asylum legislation and strategies", "Support in the elaboration of national migration and asylum legislation and strategies.",
			"legal", "proposed", "new-pact", eu, nil, []string{"evidence_based_governance", "asylum_reception"}, []string{"GCM-1", "GCM-23", "JVAP-3"}, nil},
		{"asylum-reception", "Creating asylum and reception capacities", "Creating asylum and reception capacities in partner countries.",
			"capacity_building", "proposed", "new-pact", eu, nil, []string{"asylum_reception"}, []string{"GCM-12", "JVAP-3"}, nil},
		{"discrimination-labour", "Combatting discrimination and labour exploitation", "Protecting migrants' rights by combatting discrimination and labour exploitation.",
			"policy", "proposed", "new-pact", eu, nil, []string{"labour_exploitation_discrimination", "human_rights"}, []string{"GCM-6", "GCM-17"}, nil},
		{"smuggling", "Stepping up the fight against migrant smuggling", "Stepping up the fight against migrant smuggling, within the Khartoum and Rabat processes among others.",
			"operational", "agreed", "khartoum", eu, []string{"ETH", "ERI", "SDN", "EGY", "NER"}, []string{"migrant_smuggling", "trafficking"}, []string{"GCM-9", "GCM-10", "JVAP-4"}, nil},
		{"return-reintegration", "Cooperation on return and readmission with sustainable reintegration", "Improving cooperation on return and readmission combined with support for sustainable reintegration, an important element of renewed partnerships with third countries.",
			"dialogue", "proposed", "rabat", eu, []string{"MAR", "SEN", "NGA", "CIV"}, []string{"return_readmission_reintegration"}, []string{"GCM-21", "JVAP-5"}, nil},
		{"vhr-libya", "Voluntary humanitarian returns from Libya", "Thanks to the work of the Task Force and with support of the Trust Fund, around 53,000 voluntary humanitarian returns have taken place since 2017.",
			"operational", "in_progress", "au-eu-un-taskforce", []string{"EU", "AU", "IOM"}, []string{"LBY"}, []string{"return_readmission_reintegration", "human_rights"}, []string{"GCM-21", "JVAP-5"},
			[]map[string]any{{"name": "Voluntary humanitarian returns", "unit": "people", "actual": 53000, "since": "2017-01-01", "as_of": "2020-11-13", "note": "around 53,000 since 2017",
				"source": "EEAS and Commission intervention, UNECE regional review of the GCM, 13 November 2020"}}},
		{"libya-assistance", "Assistance at disembarkation points and detention centres, alternatives to detention", "Assistance is being provided at disembarkation points, at detention centres when access is possible, and to support host communities, as well as promoting alternatives to detention.",
			"operational", "in_progress", "au-eu-un-taskforce", []string{"EU", "AU", "UNHCR", "IOM"}, []string{"LBY"}, []string{"alternatives_to_detention", "human_rights", "saving_lives_at_sea"}, []string{"GCM-8", "GCM-13"}, nil},
	}
	// Money: amounts are sample figures for illustration, in the currency they are given in.
	funding := map[string][]map[string]any{
		"vhr-libya": {
			{"amount": 90000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "committed", "as_of": "2017-04-12",
				"source": "Sample figure: EUTF North of Africa window, programme for Libya"},
			{"amount": 58000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "disbursed", "as_of": "2020-11-13",
				"source": "Sample figure"},
		},
		"libya-assistance": {
			{"amount": 12500000, "currency": "USD", "instrument": "grant", "state": "committed", "as_of": "2020-06-30", "source": "Sample figure"},
		},
		"eutf-sahel-reintegration": {
			{"amount": 150000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "pledged", "as_of": "2016-12-13",
				"source": "Sample figure: envelope for the region, not split by country"},
			{"amount": 40000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "committed", "as_of": "2018-06-30", "country": DemoID("party/NER")},
			{"amount": 25000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "committed", "as_of": "2018-06-30", "country": DemoID("party/MLI")},
			{"amount": 12000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "disbursed", "as_of": "2020-11-13", "country": DemoID("party/NER")},
			{"amount": 1500000000, "currency": "XOF", "instrument": "in_kind", "state": "committed", "as_of": "2019-03-31", "country": DemoID("party/SEN"),
				"source": "Sample figure: reception centres made available"},
		},
	}
	cs = append(cs, commitment{"eutf-sahel-reintegration", "Migrant protection and sustainable reintegration in the Sahel and Lake Chad",
		"With the support of the Trust Fund, protection of migrants along the routes and sustainable reintegration of those who return, in partner countries of the Sahel and Lake Chad region.",
		"funding", "in_progress", "eutf-africa", eu, []string{"NER", "MLI", "SEN", "NGA", "CIV", "MRT", "GMB"},
		[]string{"return_readmission_reintegration", "human_rights"}, []string{"GCM-21", "JVAP-5"},
		[]map[string]any{{"name": "Returning migrants assisted to reintegrate", "unit": "people", "target": 100000, "since": "2017-01-01",
			"source": "Sample figures",
			"values": []map[string]any{
				{"actual": 81000, "as_of": "2020-11-13", "note": "all countries of the programme"},
				{"actual": 18000, "as_of": "2019-11-13", "country": DemoID("party/NER")},
				{"actual": 30000, "as_of": "2020-11-13", "country": DemoID("party/NER")},
				{"actual": 12000, "as_of": "2020-11-13", "country": DemoID("party/MLI")},
			}}}})

	var commitmentNames []string
	for _, c := range cs {
		f := map[string]any{"title": c.title, "text": c.text, "type": c.typ, "status": c.status,
			"partnership": DemoID("partnership/" + c.partnership), "committed_by": ids(p(c.by...)...),
			"themes": c.themes, "framework_items": c.items, "source_meeting": DemoID(meeting),
			"source_document": "Intervention on behalf of the EEAS and European Commission services, Roundtable 4", "marking": "For official use"}
		if len(c.towards) > 0 {
			f["towards"] = ids(p(c.towards...)...)
		}
		if c.indicators != nil {
			f["indicators"] = c.indicators
		}
		if fs, ok := funding[c.name]; ok {
			f["funding"] = fs
		}
		recs = append(recs, demoRecord{domain.KindCommitment, "commitment/" + c.name, f})
		commitmentNames = append(commitmentNames, "commitment/"+c.name)
	}
	recs = append(recs, demoRecord{domain.KindIntervention, "intervention/unece-2020-rt4-eu", map[string]any{
		"meeting":      DemoID(meeting),
		"session":      "Roundtable 4",
		"on_behalf_of": ids(p("EEAS", "EC")...),
		"speaker":      "EEAS and European Commission services",
		"points":       seedPoints,
		"commitments":  ids(commitmentNames...),
		"countries":    []string{"LBY"},
	}})
	return recs
}
