package homoglyph

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mtibben/confusables"
)

func TestKey(t *testing.T) {
	same := [][2]string{
		{"gmаil.com", "gmail.com"},     // Cyrillic а
		{"gmaıl.com", "gmail.com"},     // dotless ı
		{"hοtmail.com", "hotmail.com"}, // Greek ο
		{"rnicrosoft.com", "microsoft.com"},
		{"g00gle.com", "google.com"},
		{"1ive.com", "live.com"},
		{"aoI.com", "aol.com"},
		{"vveb.de", "web.de"},
		{"clanube.com", "danube.com"},
		{"GMAIL.COM", "GMAlL.COM"}, // as written, a capital I is an l
	}
	for _, p := range same {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", p[0], Key(p[0]), p[1], Key(p[1]))
		}
	}
	for _, p := range [][2]string{{"gmail.com", "gmx.com"}, {"müller.de", "muller.de"}, {"mail.com", "gmail.com"}} {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("Key(%q) == Key(%q)", p[0], p[1])
		}
	}
}

func TestMixed(t *testing.T) {
	for label, want := range map[string]bool{
		"pаypal":   true,  // Latin + Cyrillic
		"bαnk":     true,  // Latin + Greek
		"paypal":   false, // Latin
		"пример":   false, // Cyrillic
		"müller":   false, // Latin with a diaeresis
		"日本語テキスト":  false, // Han + Katakana
		"abc日本":    false, // Latin + Han (Japanese)
		"한국어abc":   false, // Hangul + Latin
		"a1-b2":    false,
		"ελληνικά": false,
	} {
		if got, _ := Mixed(label); got != want {
			t.Errorf("Mixed(%q) = %v, want %v", label, got, want)
		}
	}
}

func TestLatinize(t *testing.T) {
	if got, ok := Latinize("pаypаl", "Latin"); !ok || got != "paypal" {
		t.Errorf("Latinize = %q, %v", got, ok)
	}
	if _, ok := Latinize("abcж", "Latin"); ok {
		t.Error("ж has no Latin twin; Latinize must say so")
	}
}

func TestScriptAndName(t *testing.T) {
	for r, want := range map[rune]string{'a': "Latin", 'а': "Cyrillic", 'α': "Greek", '日': "Han", '1': "", '-': ""} {
		if got := Script(r); got != want {
			t.Errorf("Script(%q) = %q, want %q", r, got, want)
		}
	}
	if got := Name('а'); got != "CYRILLIC SMALL LETTER A" {
		t.Errorf("Name = %q", got)
	}
	if _, s := Mixed("aа"); !reflect.DeepEqual(s, []string{"Latin", "Cyrillic"}) {
		t.Errorf("scripts %v", s)
	}
}

// The byte-by-byte key of ASCII text must equal the general one.
func TestASCIIKeyMatchesSkeleton(t *testing.T) {
	for _, s := range []string{"gmail.com", "rnicrosoft.com", "GMAIL.COM", "aoI.com", "g00gle.com", "vveb.de", "x-1|y_z~", "daum.net"} {
		fast, ok := asciiKey(s)
		if !ok {
			t.Fatalf("%q is ASCII", s)
		}
		slow := strings.ToLower(confusables.Skeleton(s))
		slow = asciiFolds.Replace(strings.ToLower(confusables.Skeleton(slow)))
		if fast != slow {
			t.Errorf("Key(%q): byte by byte %q, whole %q", s, fast, slow)
		}
	}
}
