package craft

import (
	"bytes"
	"compress/flate"

	"dossier/app/bundle"
	"dossier/app/oplog"
)

// Bomb is a bundle correctly signed by exporter whose header declares ops changes of author
// and a body of declared raw bytes, but whose body decompresses to inflated bytes of zeros
// (stored zero padding keeps the ratio under the limits, as a real bomb would).
func Bomb(exporter bundle.Signer, author string, ops int, declared, inflated int64) []byte {
	h := bundle.Header{From: oplog.VV{author: 1}, Contents: oplog.VV{author: uint64(ops)}, Ops: ops}
	out, err := bundle.SignBody(exporter, h, zeroStream(inflated), declared)
	if err != nil {
		panic("craft: " + err.Error())
	}
	return out
}

// zeroStream is a raw DEFLATE stream of n zero bytes in about n/80 bytes.
func zeroStream(n int64) []byte {
	pad := n / 80
	chunk := zeroBlocks(1 << 20)
	out := make([]byte, 0, int(pad+pad/0xffff*5)+int(n>>20+1)*len(chunk)+64)
	for p := pad; p > 0; {
		k := min(p, 0xffff)
		out = append(out, 0, byte(k), byte(k>>8), ^byte(k), ^byte(k>>8))
		out = append(out, make([]byte, k)...)
		p -= k
	}
	rest := n - pad
	for ; rest >= 1<<20; rest -= 1 << 20 {
		out = append(out, chunk...)
	}
	if rest > 0 {
		out = append(out, zeroBlocks(int(rest))...)
	}
	return append(out, 0x03, 0x00) // an empty final block
}

// zeroBlocks are non-final DEFLATE blocks, ending on a byte boundary, that inflate to n zeros
// wherever they stand in a stream.
func zeroBlocks(n int) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(make([]byte, n))
	w.Flush()
	return b.Bytes()
}
