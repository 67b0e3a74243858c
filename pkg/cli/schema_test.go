package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

const schemaFile = "../../schema/rcptlint.schema.json"

// schemaDoc reads the schema as JSON values.
func schemaDoc(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	return doc
}

// compileSchema compiles the schema for validation.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// object returns the value at a path of keys in a JSON document.
func object(t *testing.T, doc map[string]any, path ...string) map[string]any {
	t.Helper()
	v := doc
	for _, k := range path {
		next, ok := v[k].(map[string]any)
		if !ok {
			t.Fatalf("the schema has no object at %s", strings.Join(path, "."))
		}
		v = next
	}
	return v
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// tagKeys returns the key tags of a struct's fields, sorted.
func tagKeys(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Name == "Path" || f.Name == "Repeats" {
			continue // what was read, not a key
		}
		k := f.Tag.Get("key")
		if k == "" {
			t.Errorf("%s.%s has no key tag naming its key in the file", typ, f.Name)
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func enumOf(t *testing.T, v map[string]any) []string {
	t.Helper()
	list, ok := v["enum"].([]any)
	if !ok {
		t.Fatalf("no enum in %v", v)
	}
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// The schema names the keys the loader reads, the rules there are, and
// the values the loader accepts.
func TestSchemaMatchesLoader(t *testing.T) {
	doc := schemaDoc(t)
	props := object(t, doc, "properties")
	if got, want := keysOf(props), tagKeys(t, config.Config{}); !slices.Equal(got, want) {
		t.Errorf("the schema's keys are %v, the configuration's %v", got, want)
	}
	policy := object(t, props, "policy", "properties")
	if got, want := keysOf(policy), tagKeys(t, config.Policy{}); !slices.Equal(got, want) {
		t.Errorf("the schema's policy keys are %v, the configuration's %v", got, want)
	}
	var ids []string
	for _, d := range rules.Docs() {
		ids = append(ids, d.ID)
	}
	if got := keysOf(object(t, props, "rules", "properties")); !slices.Equal(got, sorted(ids)) {
		t.Errorf("the schema's rules are %v, rcptlint's %v", got, sorted(ids))
	}
	defs := object(t, doc, "definitions")
	var sevs []string
	for s := lint.Off; s <= lint.Error; s++ {
		sevs = append(sevs, s.String())
	}
	if got := enumOf(t, object(t, defs, "severity")); !slices.Equal(got, sorted(sevs)) {
		t.Errorf("the schema's severities are %v, rcptlint's %v", got, sorted(sevs))
	}
	if got := enumOf(t, object(t, defs, "action")); !slices.Equal(got, sorted(config.Actions)) {
		t.Errorf("the schema's policy actions are %v, the loader's %v", got, sorted(config.Actions))
	}
	if got := enumOf(t, object(t, props, "fail-on")); !slices.Equal(got, sorted(config.FailOnLevels)) {
		t.Errorf("the schema's fail-on levels are %v, the loader's %v", got, sorted(config.FailOnLevels))
	}
}

// sampleConfigs returns every configuration the project ships or tests
// with: the starter (as written and with its examples), the Postfix package's, the README's example and the
// YAML files of the CLI scripts.
func sampleConfigs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{"starter": []byte(starterConfig)}
	lines := strings.Split(starterConfig, "\n")
	for _, i := range starterExamples(lines) {
		lines[i] = strings.TrimPrefix(lines[i], "# ")
	}
	out["starter, every example uncommented"] = []byte(strings.Join(lines, "\n"))
	pkg, err := os.ReadFile("../../packaging/rcptlint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out["packaging/rcptlint.yaml"] = pkg
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n## Configuration\n.*?```yaml\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md: no yaml example under ## Configuration")
	}
	out["README.md#configuration"] = m[1]
	scripts, err := filepath.Glob("../../testdata/script/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scripts {
		a, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".yaml") || strings.HasSuffix(f.Name, ".yml") {
				out[filepath.Base(s)+":"+f.Name] = f.Data
			}
		}
	}
	return out
}

// validateText validates configuration text, as YAML, against the schema.
func validateText(s *jsonschema.Schema, raw []byte) error {
	var v any
	if err := yaml.Unmarshal(raw, &v); err != nil {
		return err
	}
	j, err := json.Marshal(v)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// loadText loads configuration text as a run does.
func loadText(t *testing.T, raw []byte) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".rcptlint.yaml")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, _ := iostreams.Test("")
	_, err := loadSettings(&globalOptions{configPath: path}, ios, listFlags{})
	return err
}

// Every configuration the loader accepts validates against the schema, and
// every one the schema accepts loads, unless an entry is no domain, TLD or
// preset: that the schema cannot tell.
func TestSchemaValidatesConfigs(t *testing.T) {
	s := compileSchema(t)
	samples := sampleConfigs(t)
	if len(samples) < 20 {
		t.Fatalf("found %d sample configurations; the scripts hold more", len(samples))
	}
	for name, raw := range samples {
		loadErr := loadText(t, raw)
		if loadErr != nil && strings.Contains(loadErr.Error(), "not valid YAML") {
			continue
		}
		schemaErr := validateText(s, raw)
		switch {
		case loadErr == nil && schemaErr != nil:
			t.Errorf("%s loads, but the schema refuses it: %v", name, schemaErr)
		case loadErr != nil && schemaErr == nil && !entryValueError(raw):
			t.Errorf("%s does not load (%v), but the schema accepts it", name, loadErr)
		}
	}
}

// entryValueError reports a configuration refused only for an entry that
// is not a valid domain, TLD or preset.
func entryValueError(raw []byte) bool {
	c, err := config.Parse("x.yaml", raw)
	if err != nil {
		return false
	}
	_, err = rules.NewEnv(rules.Options{Trusted: values(c.Trusted), Known: values(c.Known), Sensitive: values(c.Sensitive)})
	var ee *rules.EntryError
	return errors.As(err, &ee)
}
