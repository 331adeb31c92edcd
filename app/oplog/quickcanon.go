package oplog

// quickCanon reports whether v is certainly in canonical form (Canon(v) == v), by reading it
// once without decoding: true, false, null, strings the encoder writes unchanged
// (plainString), integers of at most 15 digits, and arrays and objects of those, objects
// with keys in increasing byte order. For anything else (decimals, escapes, -0, deep
// nesting...) it says false and the caller asks Canon, which decides. Values of operations
// are mostly of the first kinds: a funding entry, a list of contacts.
func quickCanon(v []byte) bool {
	end, ok := quickValue(v, 0, 0)
	return ok && end == len(v)
}

// quickMaxDepth bounds the nesting quickCanon follows; deeper values go to Canon.
const quickMaxDepth = 16

// quickValue reads one certainly canonical value from v[i:] and returns where it ends.
func quickValue(v []byte, i, depth int) (int, bool) {
	if i >= len(v) || depth > quickMaxDepth {
		return 0, false
	}
	switch c := v[i]; {
	case c == '"':
		return quickString(v, i)
	case c == '-' || c >= '0' && c <= '9':
		return quickInt(v, i)
	case c == 't':
		return quickWord(v, i, "true")
	case c == 'f':
		return quickWord(v, i, "false")
	case c == 'n':
		return quickWord(v, i, "null")
	case c == '[':
		i++
		if i < len(v) && v[i] == ']' {
			return i + 1, true
		}
		for {
			var ok bool
			if i, ok = quickValue(v, i, depth+1); !ok || i >= len(v) {
				return 0, false
			}
			switch v[i] {
			case ',':
				i++
			case ']':
				return i + 1, true
			default:
				return 0, false
			}
		}
	case c == '{':
		i++
		if i < len(v) && v[i] == '}' {
			return i + 1, true
		}
		var prev []byte
		for {
			start := i
			end, ok := quickString(v, i)
			if !ok {
				return 0, false
			}
			key := v[start+1 : end-1]
			if prev != nil && string(prev) >= string(key) {
				return 0, false // not sorted, or a key twice: Canon decides
			}
			prev = key
			if end >= len(v) || v[end] != ':' {
				return 0, false
			}
			if i, ok = quickValue(v, end+1, depth+1); !ok || i >= len(v) {
				return 0, false
			}
			switch v[i] {
			case ',':
				i++
			case '}':
				return i + 1, true
			default:
				return 0, false
			}
		}
	}
	return 0, false
}

// quickString reads a string the encoder writes unchanged.
func quickString(v []byte, i int) (int, bool) {
	if i >= len(v) || v[i] != '"' {
		return 0, false
	}
	for j := i + 1; j < len(v); j++ {
		if v[j] == '"' {
			return j + 1, plainString(v[i : j+1])
		}
		if v[j] == '\\' {
			return 0, false
		}
	}
	return 0, false
}

// quickInt reads an integer that float64 holds exactly and the encoder writes unchanged: no
// leading zero, no "-0", at most 15 digits.
func quickInt(v []byte, i int) (int, bool) {
	j := i
	if v[j] == '-' {
		j++
	}
	start := j
	for j < len(v) && v[j] >= '0' && v[j] <= '9' {
		j++
	}
	n := j - start
	switch {
	case n == 0 || n > 15:
		return 0, false
	case v[start] == '0' && (n > 1 || start > i): // "01", "-0"
		return 0, false
	case j < len(v) && (v[j] == '.' || v[j] == 'e' || v[j] == 'E'):
		return 0, false // a decimal or an exponent: Canon decides
	}
	return j, true
}

func quickWord(v []byte, i int, w string) (int, bool) {
	if len(v)-i < len(w) || string(v[i:i+len(w)]) != w {
		return 0, false
	}
	return i + len(w), true
}
