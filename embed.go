// Package silentguard holds what the whole program shares from the top of
// the repository: the documented example configuration.
package silentguard

import _ "embed"

// ExampleConfig is config.example.toml, the reference for every option.
//
//go:embed config.example.toml
var ExampleConfig []byte
