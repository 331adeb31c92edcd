package oplog

import "unicode/utf8"

// Sizes of the canonical encodings jsonw.go writes, without writing them: Footprint measures
// the registers of every change admitted, and writing them only to take their length was a
// fifth of an import's own CPU. Each sizeX(v) is len(appendX(nil, v)), which
// TestSizesAreTheEncodings and FuzzSizesAreTheEncodings pin.

func sizeString(s string) int {
	n := 2
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			switch {
			case b >= 0x20 && b != '"' && b != '\\':
				n++
			case b == '\\' || b == '"' || b == '\b' || b == '\f' || b == '\n' || b == '\r' || b == '\t':
				n += 2
			default:
				n += 6
			}
			i++
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			n += 6 // \ufffd
		case c == '\u2028' || c == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}

func sizeUint(u uint64) int {
	n := 1
	for ; u >= 10; u /= 10 {
		n++
	}
	return n
}

func sizeInt(i int64) int {
	if i < 0 {
		return 1 + sizeUint(uint64(-i))
	}
	return sizeUint(uint64(i))
}

func sizeRaw(v []byte) int {
	if len(v) == 0 {
		return len("null")
	}
	return len(v)
}

func sizeClock(c Clock) int {
	return len(`{"w":`) + sizeInt(c.Wall) + len(`,"l":`) + sizeUint(uint64(c.Logical)) + 1
}

func sizeVV(v VV) int {
	if v == nil {
		return len("null")
	}
	n := 2 + max(len(v)-1, 0) // braces, commas
	for k, u := range v {
		n += sizeString(k) + 1 + sizeUint(u)
	}
	return n
}

func sizeWrites(ws []Write) int {
	if ws == nil {
		return len("null")
	}
	n := 2 + max(len(ws)-1, 0)
	for _, w := range ws {
		n += len(`{"a":`) + sizeString(w.Author) + len(`,"s":`) + sizeUint(w.Seq) + len(`,"c":`) + sizeClock(w.Clock) +
			len(`,"v":`) + sizeRaw(w.Value) + 1
		if w.First {
			n += len(`,"f":true`)
		}
		if len(w.Seen) > 0 {
			n += len(`,"seen":`) + sizeVV(w.Seen)
		}
		if len(w.Ctx) > 0 {
			n += len(`,"ctx":`) + sizeVV(w.Ctx)
		}
	}
	return n
}

func sizeMarks(ms []Mark) int {
	n := 2 + max(len(ms)-1, 0)
	for _, m := range ms {
		n += len(`{"a":`) + sizeString(m.Author) + len(`,"s":`) + sizeUint(m.Seq) + len(`,"k":`) + sizeString(m.Key) + 1
		if len(m.Ctx) > 0 {
			n += len(`,"ctx":`) + sizeVV(m.Ctx)
		}
	}
	return n
}

func sizePast(p *Past) int {
	if p == nil {
		return len("null")
	}
	n, parts := 2, 0
	if len(p.Seen) > 0 {
		n, parts = n+len(`"seen":`)+sizeMarks(p.Seen), parts+1
	}
	if len(p.Twins) > 0 {
		n, parts = n+len(`"twins":`)+sizeMarks(p.Twins), parts+1
	}
	if len(p.Older) > 0 {
		n, parts = n+len(`"older":`)+sizeSeqs(p.Older), parts+1
	}
	return n + max(parts-1, 0)
}

func sizeSeqs(m Seqs) int {
	if m == nil {
		return len("null")
	}
	n := 2 + max(len(m)-1, 0)
	for k, us := range m {
		n += sizeString(k) + 1
		if us == nil {
			n += len("null")
			continue
		}
		n += 2 + max(len(us)-1, 0)
		for _, u := range us {
			n += sizeUint(u)
		}
	}
	return n
}
