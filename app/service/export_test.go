package service

// SetListCap lowers how many records Records.Conflicts and Records.Breaking read, so that a
// test can cut a list with a few records instead of 10,001; the returned func restores it.
func SetListCap(n int) func() {
	old := listCap
	listCap = n
	return func() { listCap = old }
}
