//go:build tools

// Package app pins the module's dependencies while the packages that use them are written;
// the build tag keeps it out of every build.
package app

import (
	_ "codeberg.org/go-pdf/fpdf"
	_ "filippo.io/age"
	_ "github.com/chromedp/chromedp"
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/go-playground/validator/v10"
	_ "github.com/google/uuid"
	_ "github.com/wailsapp/wails/v2"
)
