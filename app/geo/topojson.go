package geo

import (
	"encoding/json"
	"fmt"
	"math"
)

// topology is the part of a TopoJSON file (github.com/topojson/topojson-specification) the
// shapes need: quantised, delta-encoded arcs and the geometries that join them.
type topology struct {
	Type      string                     `json:"type"`
	Objects   map[string]json.RawMessage `json:"objects"`
	Arcs      [][][2]float64             `json:"arcs"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
}

type geometryCollection struct {
	Type       string     `json:"type"`
	Geometries []geometry `json:"geometries"`
}

type geometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// Decode reads the GeometryCollection named object of a TopoJSON topology into shapes.
// Polygon and MultiPolygon geometries are kept; a geometry of no type ("null") is left out.
// An error names the geometry, ring or arc that is wrong.
func Decode(data []byte, object string) ([]Shape, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("topojson: not a topology: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("topojson: type is %q, want \"Topology\"", t.Type)
	}
	raw, ok := t.Objects[object]
	if !ok {
		return nil, fmt.Errorf("topojson: no object %q", object)
	}
	var gc geometryCollection
	if err := json.Unmarshal(raw, &gc); err != nil || gc.Type != "GeometryCollection" {
		return nil, fmt.Errorf("topojson: object %q is not a GeometryCollection (%v)", object, err)
	}
	arcs, err := t.decodeArcs()
	if err != nil {
		return nil, err
	}
	var out []Shape
	for gi, g := range gc.Geometries {
		s := Shape{Numeric: idString(g.ID), Name: g.Properties.Name}
		var polys [][][]int
		switch g.Type {
		case "", "null":
			continue
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, fmt.Errorf("topojson: geometry %d (%s): arcs: %w", gi, s.label(), err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("topojson: geometry %d (%s): arcs: %w", gi, s.label(), err)
			}
		default:
			return nil, fmt.Errorf("topojson: geometry %d (%s): type %q, want Polygon or MultiPolygon", gi, s.label(), g.Type)
		}
		for pi, p := range polys {
			if len(p) == 0 {
				return nil, fmt.Errorf("topojson: geometry %d (%s) polygon %d has no ring", gi, s.label(), pi)
			}
			var poly Polygon
			for ri, r := range p {
				ring, err := joinRing(arcs, r)
				if err != nil {
					return nil, fmt.Errorf("topojson: geometry %d (%s) polygon %d ring %d: %w", gi, s.label(), pi, ri, err)
				}
				poly = append(poly, ring)
			}
			s.Polygons = append(s.Polygons, poly)
		}
		s.setCap()
		out = append(out, s)
	}
	return out, nil
}

// decodeArcs undoes the quantisation: positions are deltas from the previous one, scaled
// and translated by the transform (a topology without one holds absolute positions).
func (t *topology) decodeArcs() ([][]Point, error) {
	out := make([][]Point, len(t.Arcs))
	for ai, a := range t.Arcs {
		if len(a) < 2 {
			return nil, fmt.Errorf("topojson: arc %d has %d positions, need at least 2", ai, len(a))
		}
		pts := make([]Point, len(a))
		var x, y float64
		for i, p := range a {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[i] = Point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[i] = Point{p[0], p[1]}
			}
			if q := pts[i]; !(q.Lon >= -180-1e-9 && q.Lon <= 180+1e-9 && q.Lat >= -90-1e-9 && q.Lat <= 90+1e-9) {
				return nil, fmt.Errorf("topojson: arc %d position %d is at %g, %g, outside longitude ±180 and latitude ±90", ai, i, q.Lon, q.Lat)
			}
		}
		out[ai] = pts
	}
	return out, nil
}

// joinRing chains arcs into a closed ring; index ^i is arc i reversed, and each arc after
// the first starts where the previous one ended, so its first position is dropped.
func joinRing(arcs [][]Point, idx []int) ([]Point, error) {
	var ring []Point
	for k, i := range idx {
		j := i
		if i < 0 {
			j = ^i
		}
		if j >= len(arcs) {
			return nil, fmt.Errorf("arc %d does not exist (the topology has %d)", i, len(arcs))
		}
		pts := arcs[j]
		if i < 0 {
			pts = make([]Point, len(arcs[j]))
			for l, p := range arcs[j] {
				pts[len(pts)-1-l] = p
			}
		}
		if k > 0 { // the arc starts where the previous one ended
			if pts[0] != ring[len(ring)-1] {
				return nil, fmt.Errorf("arc %d does not start where arc %d ends", i, idx[k-1])
			}
			pts = pts[1:]
		}
		ring = append(ring, pts...)
	}
	if len(ring) < 4 {
		return nil, fmt.Errorf("ring has %d positions, need at least 4", len(ring))
	}
	if ring[0] != ring[len(ring)-1] {
		return nil, fmt.Errorf("ring is not closed: it starts at %g, %g and ends at %g, %g", ring[0].Lon, ring[0].Lat, ring[len(ring)-1].Lon, ring[len(ring)-1].Lat)
	}
	return ring, nil
}

// idString writes a geometry id, a string or a number in TopoJSON, as text ("" for none).
func idString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil && n == math.Trunc(n) {
		return fmt.Sprintf("%03d", int64(n))
	}
	return ""
}
