// Package geo holds the world's country outlines for printed maps: Natural Earth 1:110m, the
// same file the screens draw (npm world-atlas, docs/charts.md), embedded compressed, and the
// locator projection that shows one country in its region.
package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:generate go run gen.go

// countries110m is world-atlas 2.0.2 countries-110m.json, gzipped by gen.go (public domain
// data, ISC-licensed packaging; ~38 kB).
//
//go:embed countries-110m.json.gz
var countries110m []byte

// Point is a position in degrees.
type Point struct{ Lon, Lat float64 }

// Polygon is an outer ring followed by its holes; each ring is closed (first = last).
type Polygon [][]Point

// Shape is one country's outline.
type Shape struct {
	Numeric  string // ISO 3166-1 numeric code ("434"); "" for the few shapes without one
	Name     string // Natural Earth's short English name, for messages only
	Polygons []Polygon

	// A cap on the sphere that holds every position: a map far from it skips the shape
	// with one comparison.
	capCentre vec
	capRadius float64 // degrees
}

// setCap computes the shape's bounding cap.
func (s *Shape) setCap() {
	var sum vec
	for _, p := range s.Polygons {
		for _, q := range p[0] {
			sum = sum.add(toVec(q))
		}
	}
	s.capCentre = toVec(sum.point())
	s.capRadius = 0
	for _, p := range s.Polygons {
		for _, q := range p[0] {
			s.capRadius = max(s.capRadius, angle(s.capCentre, toVec(q)))
		}
	}
}

func (s Shape) label() string {
	return strings.TrimSpace(s.Numeric + " " + s.Name)
}

var world = sync.OnceValues(func() (map[string]Shape, error) {
	zr, err := gzip.NewReader(bytes.NewReader(countries110m))
	if err != nil {
		return nil, fmt.Errorf("embedded map data: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("embedded map data: %w", err)
	}
	shapes, err := Decode(data, "countries")
	if err != nil {
		return nil, fmt.Errorf("embedded map data: %w", err)
	}
	m := make(map[string]Shape, len(shapes))
	for _, s := range shapes {
		if s.Numeric != "" && s.Numeric != antarctica {
			m[s.Numeric] = s
		}
	}
	return m, nil
})

// antarctica is left out, as on the screens: it would fill the map of every southern country.
const antarctica = "010"

// Countries returns the country shapes by ISO numeric code, decoded once.
func Countries() (map[string]Shape, error) { return world() }
