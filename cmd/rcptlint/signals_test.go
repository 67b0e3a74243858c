package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/internal/longtest"
)

// buildBinary builds rcptlint into a temporary folder for tests that need
// a real process to signal.
func buildBinary(t *testing.T) string {
	t.Helper()
	longtest.Skip(t, "builds the binary and runs it many times")
	bin := filepath.Join(t.TempDir(), "rcptlint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// bigList writes a list whose every line --fix changes.
func bigList(t *testing.T, dir string, n int) (path string, orig []byte) {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "user%d@gmial.com\r\n", i)
	}
	path = filepath.Join(dir, "list.txt")
	if err := os.WriteFile(path, b.Bytes(), 0o640); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes()
}

// TestFixSurvivesKill kills rcptlint --fix at random moments, many times:
// the list must always be either the whole original or the whole fixed
// version, never a mix or a truncation.
func TestFixSurvivesKill(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	path, orig := bigList(t, dir, 200_000)

	start := time.Now()
	if out, err := exec.Command(bin, "check", "-q", "--fix", path).CombinedOutput(); err != nil && !strings.Contains(err.Error(), "exit status 1") {
		t.Fatalf("first fix: %v\n%.500s", err, out)
	}
	full := time.Since(start)
	fixed, _ := os.ReadFile(path)
	if bytes.Equal(fixed, orig) {
		t.Fatal("the fix changed nothing")
	}
	origSum, fixedSum := sha256.Sum256(orig), sha256.Sum256(fixed)

	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 25; i++ {
		if err := os.WriteFile(path, orig, 0o640); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "check", "-q", "--fix", path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(full + full/4))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got, _ := os.ReadFile(path)
		switch sha256.Sum256(got) {
		case origSum, fixedSum:
		default:
			t.Fatalf("kill %d: the list is neither the original nor the fixed version (%d bytes)", i, len(got))
		}
	}
}

// TestInterrupt sends SIGINT during a run: rcptlint stops promptly with
// exit code 130 and, during --fix, leaves no temporary file behind.
func TestInterrupt(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	path, orig := bigList(t, dir, 400_000)
	for i, delay := range []time.Duration{20 * time.Millisecond, 80 * time.Millisecond, 150 * time.Millisecond} {
		os.WriteFile(path, orig, 0o640)
		cmd := exec.Command(bin, "check", "-q", "--fix", path)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		sent := time.Now()
		cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		if took := time.Since(sent); took > 5*time.Second {
			t.Errorf("run %d: took %v to stop", i, took)
		}
		code := cmd.ProcessState.ExitCode()
		got, _ := os.ReadFile(path)
		if diedOfInterrupt(cmd.ProcessState) {
			// On a loaded machine the signal can arrive before the program
			// has asked for it: the default action ends the process, which
			// a shell reports as 130 too. Nothing may have been written.
			if !bytes.Equal(got, orig) {
				t.Errorf("run %d: killed by the interrupt, yet the list changed", i)
			}
		} else if code == 130 {
			if !bytes.Equal(got, orig) {
				t.Errorf("run %d: interrupted, yet the list changed", i)
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("run %d: stderr %q", i, stderr.String())
			}
		} else if err != nil && code != 1 {
			t.Errorf("run %d: exit %d: %s", i, code, stderr.String())
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("run %d: left files behind: %v", i, entries)
		}
	}
}

// diedOfInterrupt reports whether the process ended by SIGINT's default
// action rather than by exiting.
func diedOfInterrupt(ps *os.ProcessState) bool {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGINT
}

// TestInterruptBlockedOnStdin: an interrupt ends a run waiting for input
// that never comes.
func TestInterruptBlockedOnStdin(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "check")
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if code := cmd.ProcessState.ExitCode(); code != 130 && !diedOfInterrupt(cmd.ProcessState) {
			t.Errorf("exit %d, want 130", code)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 5 s after the interrupt")
	}
}
