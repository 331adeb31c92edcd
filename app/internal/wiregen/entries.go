package wiregen

import (
	"dossier/app/desktop/platform"
	"dossier/app/service/registry"
)

// Entries is the whole allow-list: the services and the window's Platform.
func Entries() []registry.Entry {
	entry, _ := platform.Entry(nil, nil, nil)
	return append(registry.Services(nil), entry)
}

// Generate is the TypeScript of the whole contract, as `go generate` writes it.
func Generate() ([]byte, error) {
	c, err := Load(Entries())
	if err != nil {
		return nil, err
	}
	return c.TypeScript()
}
