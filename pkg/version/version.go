// Package version reports the build of rcptlint and of the data inside it.
package version

import "runtime/debug"

// These are set at release time by the linker (-X); see .goreleaser.yaml.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// String returns the version of this build: the release version stamped by
// the linker, else the module version recorded by `go install`, else "devel".
func String() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
