package geo

import "math"

// Locator is the projection of a locator map: azimuthal equal-area centred on the country's
// main body, as the screens' locator (d3 geoAzimuthalEqualArea). Centred on the country, it
// has no seam: Fiji's or Russia's parts either side of the antimeridian meet as they do on
// the globe.
type Locator struct {
	Centre Point
	// Radius is the arc, in degrees, from the centre to the frame's shorter edge: about twice
	// the country's own reach, at least 14° so that a small country shows its neighbours, at
	// most 60°.
	Radius     float64
	sin0, cos0 float64
}

const (
	deg = math.Pi / 180
	// mainBody: parts of a country farther than this from its largest part (French Guiana from
	// France, Hawaii from the United States) do not move the map's centre or widen it.
	mainBody = 25.0
)

// NewLocator centres a locator on the shape's main body: its largest polygon and the
// polygons within mainBody degrees of it.
func NewLocator(s Shape) Locator {
	type part struct {
		c    vec
		area float64
	}
	if len(s.Polygons) == 0 {
		return Locator{Radius: 14, cos0: 1}
	}
	parts := make([]part, len(s.Polygons))
	big := 0
	for i, p := range s.Polygons {
		c, a := ringCentroid(p[0])
		parts[i] = part{c, a}
		if a > parts[big].area {
			big = i
		}
	}
	var sum vec
	var body []int
	for i, p := range parts {
		if angle(p.c, parts[big].c) <= mainBody {
			sum = sum.add(p.c.scale(p.area + 1e-12))
			body = append(body, i)
		}
	}
	centre := sum.point()
	l := Locator{Centre: centre, sin0: math.Sin(centre.Lat * deg), cos0: math.Cos(centre.Lat * deg)}
	reach := 0.0
	c := toVec(centre)
	for _, i := range body {
		for _, q := range s.Polygons[i][0] {
			reach = max(reach, angle(c, toVec(q)))
		}
	}
	l.Radius = min(60, max(14, reach*1.9))
	return l
}

// Distance is the arc from the centre to p, in degrees.
func (l Locator) Distance(p Point) float64 { return angle(toVec(l.Centre), toVec(p)) }

// Project maps p to the plane, y northward, in units where the frame's shorter half-side
// (Radius degrees from the centre) is 1.
func (l Locator) Project(p Point) (x, y float64) {
	x, y = l.raw(p)
	s := 2 * math.Sin(l.Radius*deg/2)
	return x / s, y / s
}

// raw is the azimuthal equal-area projection on the unit sphere.
func (l Locator) raw(p Point) (x, y float64) {
	dl := (p.Lon - l.Centre.Lon) * deg
	sp, cp := math.Sincos(p.Lat * deg)
	sd, cd := math.Sincos(dl)
	cosc := l.sin0*sp + l.cos0*cp*cd
	k := math.Sqrt(2 / math.Max(1+cosc, 1e-9))
	return k * cp * sd, k * (l.cos0*sp - l.sin0*cp*cd)
}

// Outline projects the shape's rings for a frame that shows positions up to reach degrees
// from the centre. Polygons with no position within reach+1° are left out. Positions beyond
// reach+10° are pulled onto that circle along their bearing, which keeps what the frame shows
// exact and never folds the far side of the globe over it. Edges are first divided into steps
// of at most 1°, so long straight borders bend as the projection bends them.
func (l Locator) Outline(s Shape, reach float64) [][][2]float64 {
	cut := min(reach+10, 170)
	c := toVec(l.Centre)
	// A polygon with no position within the frame's reach (and 1° for an edge's bulge) is not
	// in the frame: the frame shows the country, so no polygon encloses the frame whole.
	if s.capCentre != (vec{}) && angle(c, s.capCentre)-s.capRadius > reach+1 {
		return nil
	}
	cosNear := math.Cos(min(reach+1, 180) * deg)
	rc := 2 * math.Sin(cut*deg/2) // the cut circle's radius on the unit sphere's plane
	sc := 2 * math.Sin(l.Radius*deg/2)
	var out [][][2]float64
	for _, p := range s.Polygons {
		near := false
		for _, q := range p[0] {
			if c.dot(toVec(q)) >= cosNear {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		for _, ring := range p {
			var pr [][2]float64
			for i, q := range ring {
				steps, dlon := 1, 0.0
				if i > 0 {
					prev := ring[i-1]
					dlon = math.Remainder(q.Lon-prev.Lon, 360) // an edge across 180° goes the short way
					steps = max(1, int(math.Ceil(max(math.Abs(dlon), math.Abs(q.Lat-prev.Lat)))))
				}
				for k := 1; k <= steps; k++ {
					pt := q
					if steps > 1 {
						prev, f := ring[i-1], float64(k)/float64(steps)
						pt = Point{prev.Lon + dlon*f, prev.Lat + (q.Lat-prev.Lat)*f}
					}
					x, y := l.raw(pt)
					if r := math.Hypot(x, y); r > rc {
						x, y = x*rc/r, y*rc/r
					}
					pr = append(pr, [2]float64{x / sc, y / sc})
				}
			}
			out = append(out, pr)
		}
	}
	return out
}

// vec is a point on the unit sphere in three dimensions: centroids and distances computed so
// do not care which side of the antimeridian a part is on.
type vec struct{ x, y, z float64 }

func toVec(p Point) vec {
	sl, cl := math.Sincos(p.Lon * deg)
	sp, cp := math.Sincos(p.Lat * deg)
	return vec{cp * cl, cp * sl, sp}
}

func (a vec) add(b vec) vec       { return vec{a.x + b.x, a.y + b.y, a.z + b.z} }
func (a vec) scale(f float64) vec { return vec{a.x * f, a.y * f, a.z * f} }
func (a vec) dot(b vec) float64   { return a.x*b.x + a.y*b.y + a.z*b.z }
func angle(a, b vec) float64      { return math.Acos(max(-1, min(1, a.dot(b)))) / deg }
func (a vec) point() Point {
	return Point{math.Atan2(a.y, a.x) / deg, math.Atan2(a.z, math.Hypot(a.x, a.y)) / deg}
}

// ringCentroid is a ring's centroid and area (square degrees scaled by the cosine of the
// latitude), from the planar formula with longitudes taken relative to the ring's first
// position, so a ring that crosses the antimeridian is not torn apart.
func ringCentroid(r []Point) (vec, float64) {
	lon0 := r[0].Lon
	unwrap := func(lon float64) float64 {
		d := lon - lon0
		for d > 180 {
			d -= 360
		}
		for d < -180 {
			d += 360
		}
		return d
	}
	var a, cx, cy float64
	for i := 0; i+1 < len(r); i++ {
		x0, y0 := unwrap(r[i].Lon), r[i].Lat
		x1, y1 := unwrap(r[i+1].Lon), r[i+1].Lat
		cr := x0*y1 - x1*y0
		a += cr
		cx += (x0 + x1) * cr
		cy += (y0 + y1) * cr
	}
	if math.Abs(a) < 1e-12 {
		return toVec(r[0]), 0
	}
	c := Point{lon0 + cx/(3*a), cy / (3 * a)}
	return toVec(c), math.Abs(a/2) * math.Cos(c.Lat*deg)
}
