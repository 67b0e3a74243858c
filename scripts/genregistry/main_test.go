package main

import (
	"os"
	"path/filepath"
	"testing"
)

// The embedded lists hold what the shared registries hold; without the
// shared folder (a clone of the repository alone) there is nothing to
// compare with.
func TestEmbeddedListsMatchSources(t *testing.T) {
	from := filepath.Join("..", "..", "..", "shared", "data", "registries")
	if _, err := os.Stat(from); err != nil {
		t.Skipf("no registries to compare with at %s", from)
	}
	to := t.TempDir()
	for _, r := range registries {
		if err := write(r, from, to); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(to, r.out))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "rules", "data", "registries", r.out))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("rules/data/registries/%s differs from %s: run go -C scripts run ./genregistry", r.out, r.csv)
		}
	}
}

// A name that is not one label under the registry's TLD is refused with
// its file and line.
func TestReadNamesRefusesOtherNames(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(file, []byte("domain,type\nnasa.gov,x\nmail.nasa.gov,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readNames(file, "gov")
	if err == nil || err.Error() != file+`:3: "mail.nasa.gov" is not a name directly under .gov` {
		t.Errorf("readNames: %v", err)
	}
}
