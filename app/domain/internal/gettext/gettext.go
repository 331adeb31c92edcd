// Package gettext reads GNU gettext binary catalogues (.mo), for the generators that take
// French names from Debian's iso-codes translations.
package gettext

import (
	"encoding/binary"
	"fmt"
)

// Parse reads a GNU gettext binary catalogue (both byte orders) into original → translation.
func Parse(data []byte) (map[string]string, error) {
	if len(data) < 28 {
		return nil, fmt.Errorf("too short")
	}
	var order binary.ByteOrder
	switch binary.LittleEndian.Uint32(data) {
	case 0x950412de:
		order = binary.LittleEndian
	case 0xde120495:
		order = binary.BigEndian
	default:
		return nil, fmt.Errorf("bad magic")
	}
	n := int(order.Uint32(data[8:]))
	origTab, transTab := int(order.Uint32(data[12:])), int(order.Uint32(data[16:]))
	str := func(tab, i int) (string, error) {
		off := tab + 8*i
		if off+8 > len(data) {
			return "", fmt.Errorf("table out of range")
		}
		l, o := int(order.Uint32(data[off:])), int(order.Uint32(data[off+4:]))
		if o+l > len(data) {
			return "", fmt.Errorf("string out of range")
		}
		return string(data[o : o+l]), nil
	}
	m := make(map[string]string, n)
	for i := 0; i < n; i++ {
		k, err := str(origTab, i)
		if err != nil {
			return nil, err
		}
		v, err := str(transTab, i)
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, nil
}
