//go:build unix && !linux

package fix

// descriptorLink reports false: only Linux's /proc is recognised; the
// caller also refuses its own standard input by identity.
func descriptorLink(string) bool { return false }
