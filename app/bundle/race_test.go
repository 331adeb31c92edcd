//go:build race

package bundle

// The race detector multiplies memory: peak-memory bounds mean nothing under it.
const raceEnabled = true
