package check

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mpgrade/mpgrade/harness/msg"
)

var (
	msgSyntax  = msg.Define("check.syntax", "%s has a syntax error, so it cannot run: %s", "%s tiene un error de sintaxis, así que no puede ejecutarse: %s")
	msgNotUTF8 = msg.Define("check.not_utf8", "%s is not valid UTF-8 text: save it as UTF-8", "%s no es texto UTF-8 válido: guárdalo como UTF-8")
)

// syntaxProblem compiles the program with Python's own parser and returns
// a message when it does not compile.
func syntaxProblem(ctx context.Context, python, file string) *msg.Message {
	data, err := os.ReadFile(file)
	if err == nil && !isUTF8(data) {
		m := msg.New(msgNotUTF8, filepath.Base(file))
		return &m
	}
	cmd := exec.CommandContext(ctx, python, "-c", `import sys
src = open(sys.argv[1], "rb").read()
try:
    compile(src, sys.argv[2], "exec")
except SyntaxError as e:
    print("line %s: %s: %s" % (e.lineno, type(e).__name__, e.msg))
    if e.text:
        print("    " + e.text.rstrip())
    sys.exit(1)
`, file, filepath.Base(file))
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); ok && out.Len() > 0 {
			m := msg.New(msgSyntax, filepath.Base(file), strings.TrimSpace(out.String()))
			return &m
		}
	}
	return nil
}

func isUTF8(b []byte) bool { return utf8.Valid(b) }

// copyDir copies the regular files of src (not its subfolders, at most
// maxFiles files of maxFileSize bytes) into dst.
func copyDir(src, dst string) error {
	const maxFiles, maxFileSize = 200, 8 << 20
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() > maxFileSize {
			continue
		}
		if n++; n > maxFiles {
			break
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// giveTo makes the folder dir and everything in it belong to the user
// submissions run as, so that they can work in it; with no such user it
// does nothing.
func giveTo(dir, username string) error {
	if username == "" {
		return nil
	}
	u, err := user.Lookup(username)
	if err != nil {
		return fmt.Errorf("cannot give the work folder to %s: %v", username, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

// othersCanRun reports whether any user may run the program at path: it
// is executable by others, and every folder above it may be passed by
// others.
func othersCanRun(path string) bool {
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm()&0o001 == 0 {
		return false
	}
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil || info.Mode().Perm()&0o001 == 0 {
			return false
		}
		if dir == filepath.Dir(dir) {
			return true
		}
	}
}
