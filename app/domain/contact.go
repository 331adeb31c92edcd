package domain

import (
	"net/mail"
	"regexp"
	"strings"
)

// IsEmail reports whether s is a bare e-mail address (local@domain, the domain with a dot),
// as net/mail reads it: a display name or angle brackets are not an address to print.
func IsEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

var phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ().\-/]*$`)

// IsPhone reports whether s reads as a phone number: digits with spaces, dots, dashes,
// slashes or brackets between them, optionally after a +, with 5 to 20 digits.
func IsPhone(s string) bool {
	if !phoneRE.MatchString(s) {
		return false
	}
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n >= 5 && n <= 20
}
