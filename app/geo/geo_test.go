package geo

import (
	"math"
	"strings"
	"testing"
)

// A square of two arcs (the second reversed), quantised: the decoder chains, reverses and
// scales them.
const square = `{"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[-10,20]},
 "arcs":[[[0,0],[20,0],[0,40]],[[0,0],[0,40],[20,0]]],
 "objects":{"countries":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","id":"434","properties":{"name":"Libya"},"arcs":[[0,-2]]},
  {"type":null,"id":"999"},
  {"type":"MultiPolygon","id":242,"properties":{"name":"Fiji"},"arcs":[[[0,-2]],[[1,-1]]]}]}}}`

func TestDecode(t *testing.T) {
	shapes, err := Decode([]byte(square), "countries")
	if err != nil {
		t.Fatal(err)
	}
	if len(shapes) != 2 || shapes[0].Numeric != "434" || shapes[0].Name != "Libya" || shapes[1].Numeric != "242" {
		t.Fatalf("shapes: %+v", shapes)
	}
	want := []Point{{-10, 20}, {0, 20}, {0, 30}, {-10, 30}, {-10, 20}}
	if got := shapes[0].Polygons[0][0]; !equal(got, want) {
		t.Errorf("ring: %v, want %v", got, want)
	}
	if len(shapes[1].Polygons) != 2 {
		t.Errorf("multipolygon: %d polygons", len(shapes[1].Polygons))
	}
	// Without a transform, positions are absolute.
	abs := `{"type":"Topology","arcs":[[[1,1],[2,1],[2,2],[1,1]]],"objects":{"c":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]]}]}}}`
	shapes, err = Decode([]byte(abs), "c")
	if err != nil || !equal(shapes[0].Polygons[0][0], []Point{{1, 1}, {2, 1}, {2, 2}, {1, 1}}) {
		t.Errorf("absolute: %+v %v", shapes, err)
	}
}

func TestDecodeRefuses(t *testing.T) {
	topo := func(arcs, geoms string) string {
		return `{"type":"Topology","arcs":` + arcs + `,"objects":{"countries":{"type":"GeometryCollection","geometries":` + geoms + `}}}`
	}
	ring := `[[[1,1],[2,1],[2,2],[1,1]]]`
	for _, c := range []struct{ name, in, want string }{
		{"not JSON", `{"type":`, "not a topology"},
		{"not a topology", `{"type":"FeatureCollection"}`, `type is "FeatureCollection"`},
		{"no object", `{"type":"Topology","objects":{}}`, `no object "countries"`},
		{"not a collection", `{"type":"Topology","objects":{"countries":{"type":"Polygon"}}}`, "not a GeometryCollection"},
		{"arc out of range", topo(ring, `[{"type":"Polygon","id":"1","arcs":[[3]]}]`), "polygon 0 ring 0: arc 3 does not exist"},
		{"reversed arc out of range", topo(ring, `[{"type":"Polygon","arcs":[[-5]]}]`), "arc -5 does not exist"},
		{"short arc", topo(`[[[1,1]]]`, `[]`), "arc 0 has 1 positions"},
		{"outside the globe", topo(`[[[1,1],[200,1]]]`, `[]`), "arc 0 position 1 is at 200, 1"},
		{"open ring", topo(`[[[1,1],[2,1],[2,2],[3,3]]]`, `[{"type":"Polygon","arcs":[[0]]}]`), "ring is not closed"},
		{"short ring", topo(`[[[1,1],[2,1],[1,1]]]`, `[{"type":"Polygon","arcs":[[0]]}]`), "ring has 3 positions"},
		{"arcs do not meet", topo(`[[[1,1],[2,1]],[[5,5],[1,1]]]`, `[{"type":"Polygon","arcs":[[0,1]]}]`), "arc 1 does not start where arc 0 ends"},
		{"no ring", topo(ring, `[{"type":"Polygon","id":"7","arcs":[]}]`), "geometry 0 (7) polygon 0 has no ring"},
		{"line", topo(ring, `[{"type":"LineString","arcs":[0]}]`), `type "LineString", want Polygon or MultiPolygon`},
		{"bad arcs", topo(ring, `[{"type":"MultiPolygon","arcs":[0]}]`), "geometry 0 (): arcs"},
	} {
		_, err := Decode([]byte(c.in), "countries")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(square))
	f.Add([]byte(`{"type":"Topology","arcs":[[[1,1],[2,1],[2,2],[1,1]]],"objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[-1]]}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		shapes, err := Decode(data, "countries")
		if err != nil {
			return
		}
		for _, s := range shapes {
			for _, p := range s.Polygons {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("ring %v accepted", r)
					}
					for _, q := range r {
						if math.Abs(q.Lon) > 180+1e-9 || math.Abs(q.Lat) > 90+1e-9 || math.IsNaN(q.Lon+q.Lat) {
							t.Fatalf("position %v accepted", q)
						}
					}
				}
			}
		}
	})
}

func equal(a, b []Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].Lon-b[i].Lon) > 1e-9 || math.Abs(a[i].Lat-b[i].Lat) > 1e-9 {
			return false
		}
	}
	return true
}

func TestEmbeddedCountries(t *testing.T) {
	m, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	// world-atlas 110m has 177 shapes; Antarctica and the three without a code are not kept.
	if len(m) != 173 {
		t.Errorf("%d countries, want 173", len(m))
	}
	if _, ok := m[antarctica]; ok {
		t.Error("Antarctica is kept")
	}
	if s := m["434"]; s.Name != "Libya" || len(s.Polygons) != 1 {
		t.Errorf("Libya: %s, %d polygons", s.Name, len(s.Polygons))
	}
}

// The locator centres on the country's main body, across the antimeridian too, and the whole
// main body fits the frame.
func TestLocatorCentre(t *testing.T) {
	m, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code, name             string
		lon0, lon1, lat0, lat1 float64
	}{
		{"434", "Libya", 15, 20, 24, 29},
		{"242", "Fiji (across the antimeridian)", 177, 180, -19, -16},
		{"643", "Russia (across the antimeridian)", 80, 110, 55, 70},
		{"250", "France (French Guiana left out of the centre)", -2, 6, 44, 49},
		{"840", "United States (Alaska and Hawaii left out of the centre)", -105, -90, 35, 42},
		{"442", "Luxembourg", 5.7, 6.5, 49.4, 50.2},
	} {
		l := NewLocator(m[c.code])
		lon := l.Centre.Lon
		if c.lon1 == 180 && lon < 0 {
			lon += 360 // Fiji's centre may be written either side
		}
		if lon < c.lon0 || lon > c.lon1 || l.Centre.Lat < c.lat0 || l.Centre.Lat > c.lat1 {
			t.Errorf("%s: centre %.2f, %.2f", c.name, l.Centre.Lon, l.Centre.Lat)
		}
		if x, y := l.Project(l.Centre); math.Abs(x)+math.Abs(y) > 1e-9 {
			t.Errorf("%s: the centre projects to %g, %g", c.name, x, y)
		}
		if l.Radius < 14 || l.Radius > 60 {
			t.Errorf("%s: radius %g", c.name, l.Radius)
		}
	}
	// Fiji's parts either side of 180° are drawn next to each other, not a world apart.
	fiji := NewLocator(m["242"])
	for _, r := range fiji.Outline(m["242"], 40) {
		for _, p := range r {
			if math.Abs(p[0]) > 0.5 || math.Abs(p[1]) > 0.5 {
				t.Fatalf("a part of Fiji projects to %v, far from the centre", p)
			}
		}
	}
}

// Every country's main body fits its own frame, and no outline of any country has a point
// beyond the cut circle, whatever the centre (no far-side fold-over).
func TestLocatorOutlinesBounded(t *testing.T) {
	m, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	for code, s := range m {
		l := NewLocator(s)
		reach := 70.0
		lim := 2 * math.Sin(min(reach+10, 170)*deg/2) / (2 * math.Sin(l.Radius*deg/2))
		for _, o := range m {
			for _, r := range l.Outline(o, reach) {
				for _, p := range r {
					if math.IsNaN(p[0]+p[1]) || math.Hypot(p[0], p[1]) > lim+1e-9 {
						t.Fatalf("%s on %s's map: %v beyond %g", o.Name, code, p, lim)
					}
				}
			}
		}
	}
}
