// The world's country shapes, offline: Natural Earth 1:110m from the world-atlas package,
// loaded on first use as a chunk of its own so that screens without a map do not carry it
// (docs/charts.md). Shapes are keyed by ISO 3166-1 numeric code, which the app's country list
// carries next to alpha-3 (lib/charts.ts byNumeric).

import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { numericKey } from './charts';

export type Shape = Feature<Geometry, { name: string }> & { key: string };

let loading: Promise<Shape[]> | null = null;

/** Shapes drawn over their neighbours: Western Sahara. */
export const onTop = new Set(['732']);

/** The country shapes, Antarctica left out (it would take a fifth of the map for no record). */
export function loadShapes(): Promise<Shape[]> {
  loading ??= import('world-atlas/countries-110m.json').then((m) => {
    const topo = (m.default ?? m) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
    const shapes = fc.features.filter((f) => f.id !== '010').map((f) => Object.assign(f, { key: numericKey(f.id) }));
    // Natural Earth's Morocco at 1:110m covers Western Sahara too; drawn last, Western Sahara
    // shows as the territory of its own that the UN lists it as.
    return [...shapes.filter((s) => !onTop.has(s.key)), ...shapes.filter((s) => onTop.has(s.key))];
  });
  return loading;
}
