// Command gendocs writes rcptlint's man pages and shell completion scripts,
// generated from the command tree itself (cobra/doc), for release archives:
//
//	go -C scripts run ./gendocs -out ../build/docs
//
// It writes OUT/man/rcptlint*.1 and OUT/completions/rcptlint.{bash,zsh,fish,ps1}.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra/doc"

	"github.com/rcptlint/rcptlint/pkg/cli"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

func main() {
	out := flag.String("out", "../build/docs", "output folder (go -C scripts runs it in scripts/)")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	root := cli.NewRootCmd(iostreams.System())
	root.DisableAutoGenTag = true
	man := filepath.Join(out, "man")
	comp := filepath.Join(out, "completions")
	for _, d := range []string{man, comp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	header := &doc.GenManHeader{Title: "RCPTLINT", Section: "1", Source: "rcptlint", Manual: "rcptlint manual"}
	if err := doc.GenManTree(root, header, man); err != nil {
		return err
	}
	for name, gen := range map[string]func(string) error{
		"rcptlint.bash": func(p string) error { return root.GenBashCompletionFileV2(p, true) },
		"rcptlint.zsh":  root.GenZshCompletionFile,
		"rcptlint.fish": func(p string) error { return root.GenFishCompletionFile(p, true) },
		"rcptlint.ps1":  root.GenPowerShellCompletionFileWithDesc,
	} {
		if err := gen(filepath.Join(comp, name)); err != nil {
			return err
		}
	}
	return nil
}
