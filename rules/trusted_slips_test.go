package rules

import (
	"reflect"
	"testing"
)

func TestTrustedSlips(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want []TrustedSlip
	}{
		{"none", Options{}, nil},
		{"meant", Options{Trusted: []string{"example.com", "mil", "gmail.com", "army.mil", "mod.gov.uk"}}, nil},
		{"slips", Options{Trusted: []string{"example.com", "gmial.com", "hotmial.com"}}, []TrustedSlip{
			{Index: 1, Entry: "gmial.com", Meant: "gmail.com", Kind: "well-known mail"},
			{Index: 2, Entry: "hotmial.com", Meant: "hotmail.com", Kind: "well-known mail"},
		}},
		{"known too", Options{Trusted: []string{"gmial.com"}, Known: []string{"gmial.com"}}, nil},
		{"invalid skipped", Options{Trusted: []string{"no such", "gmial.com"}}, []TrustedSlip{
			{Index: 1, Entry: "gmial.com", Meant: "gmail.com", Kind: "well-known mail"},
		}},
		{"too long to check", Options{Trusted: append(make([]string, SlipCheckedTrusted), "gmial.com")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := TrustedSlips(tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("TrustedSlips(%+v) = %+v, want %+v", tc.o, got, tc.want)
			}
		})
	}
}
