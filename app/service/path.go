package service

// Path is a file or directory on the computer that runs Dossier. The command line and the
// desktop window (with what its native dialogs return) pass paths; browser mode never can:
// every method open to it takes a file's bytes instead (docs/api.md, "Paths and bytes").
//
// It is an alias, so callers keep passing strings; the contract generator
// (app/internal/wiregen) and the tests of browser mode recognise it by name, which is why
// every parameter or field that names a file on this computer is declared as a Path.
type Path = string
