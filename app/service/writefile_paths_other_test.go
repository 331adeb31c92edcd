//go:build !unix

package service

import "errors"

func mkfifo(string) error { return errors.New("no named pipes here") }
