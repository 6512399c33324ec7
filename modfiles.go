// Package mpgrade holds this module's own go.mod and go.sum, so that a
// program built from it can write a complete go.mod and go.sum for a
// module that requires mpgrade (a student's kit), and the go command need
// not ask a checksum database about mpgrade's dependencies.
package mpgrade

import _ "embed"

// GoMod is this module's go.mod, as published with it.
//
//go:embed go.mod
var GoMod []byte

// GoSum is this module's go.sum: the hashes of every module its packages
// and tests need.
//
//go:embed go.sum
var GoSum []byte
