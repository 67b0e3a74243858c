package domain

import "testing"

// The traps of golang.org/x/net/publicsuffix, each pinned.
func TestAnalyzePSLTraps(t *testing.T) {
	for _, tc := range []struct {
		in, name, suffix, registrable, label string
		known                                bool
	}{
		{"example.com", "example.com", "com", "example.com", "example", true},
		{"Example.COM", "example.com", "com", "example.com", "example", true},
		{"mail.example.co.uk", "mail.example.co.uk", "co.uk", "example.co.uk", "example", true},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s", "xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a", true},
		{"example.con", "example.con", "con", "example.con", "example", false},
		{"a.b.example.con", "a.b.example.con", "con", "example.con", "example", false},
		{"example.ck", "example.ck", "example.ck", "example.ck", "example", true},
		{"a.example.er", "a.example.er", "example.er", "a.example.er", "a", true},
		{"foo.blogspot.com", "foo.blogspot.com", "com", "blogspot.com", "blogspot", true},
		{"mod.gov.uk.com", "mod.gov.uk.com", "com", "uk.com", "uk", true},
		{"army.ml", "army.ml", "ml", "army.ml", "army", true},
		{"foo.com.ml", "foo.com.ml", "com.ml", "foo.com.ml", "foo", true},
		{"docomo.ne.jp", "docomo.ne.jp", "ne.jp", "docomo.ne.jp", "docomo", true},
		{"example.za", "example.za", "za", "example.za", "example", true},
	} {
		f := Analyze(tc.in)
		if f.Err != nil {
			t.Errorf("Analyze(%q): %v", tc.in, f.Err)
			continue
		}
		if f.Name != tc.name || f.Suffix != tc.suffix || f.Registrable != tc.registrable || f.Label != tc.label || f.KnownTLD != tc.known {
			t.Errorf("Analyze(%q) = name %q suffix %q registrable %q label %q known %v; want %q %q %q %q %v",
				tc.in, f.Name, f.Suffix, f.Registrable, f.Label, f.KnownTLD, tc.name, tc.suffix, tc.registrable, tc.label, tc.known)
		}
	}
}

func TestAnalyzeInvalid(t *testing.T) {
	for _, in := range []string{"example.com.", "", "-x.com", "localhost", "a..b"} {
		if f := Analyze(in); f.Err == nil || f.Valid() {
			t.Errorf("Analyze(%q) is valid; want an error", in)
		}
	}
	if f := Analyze("[192.0.2.1]"); !f.Literal || f.Valid() {
		t.Errorf("an address literal must be Literal and not Valid: %+v", f)
	}
}

func TestIsKnownTLD(t *testing.T) {
	for _, tld := range []string{"com", "ck", "er", "fk", "jm", "kh", "mm", "np", "pg", "xn--p1ai", "za", "museum", "ml"} {
		if !IsKnownTLD(tld) {
			t.Errorf("IsKnownTLD(%q) = false", tld)
		}
	}
	for _, tld := range []string{"con", "cmo", "", "local", "test", "co.uk", "COM"} {
		if IsKnownTLD(tld) {
			t.Errorf("IsKnownTLD(%q) = true", tld)
		}
	}
}

func TestIsPublicSuffix(t *testing.T) {
	for in, want := range map[string]bool{"com": true, "co.uk": true, "gov.uk": true, "mil": true, "ck": true, "example.com": false, "mod.gov.uk": false, "con": false} {
		if got := IsPublicSuffix(in); got != want {
			t.Errorf("IsPublicSuffix(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestUnicodeAndSub(t *testing.T) {
	f := Analyze("mail.xn--mller-kva.de")
	if f.Unicode != "mail.müller.de" || f.Sub() != "mail" {
		t.Errorf("Unicode %q, Sub %q", f.Unicode, f.Sub())
	}
}
