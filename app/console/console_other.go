//go:build !windows

package console

// Attach does nothing outside Windows: programs there start with their streams connected.
func Attach() {}
