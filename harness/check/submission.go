package check

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mpgrade/mpgrade/harness/msg"
)

var (
	msgNoSuchPath  = msg.Define("check.no_such_path", "%s does not exist: give the path of your %s, or of the folder that holds it", "%s no existe: indica la ruta de tu %s, o de la carpeta que lo contiene")
	msgMissing     = msg.Define("check.missing", "no %s in %s: the file must be called exactly %s", "no hay %s en %s: el archivo debe llamarse exactamente %s")
	msgMisnamed    = msg.Define("check.misnamed", "no %s in %s, but there is %s: rename it to %s", "no hay %s en %s, pero está %s: renómbralo a %s")
	msgSeveral     = msg.Define("check.several", "no %s directly in %s, but several in its subfolders (%s): leave exactly one, at the top of the folder", "no hay %s directamente en %s, sino varios en sus subcarpetas (%s): deja exactamente uno, en la raíz de la carpeta")
	msgWrongFile   = msg.Define("check.wrong_file", "%s is not a Python file: give the path of your %s", "%s no es un archivo Python: indica la ruta de tu %s")
	msgSyntax      = msg.Define("check.syntax", "%s has a syntax error, so it cannot run: %s", "%s tiene un error de sintaxis, así que no puede ejecutarse: %s")
	msgNotUTF8     = msg.Define("check.not_utf8", "%s is not valid UTF-8 text: save it as UTF-8", "%s no es texto UTF-8 válido: guárdalo como UTF-8")
	msgNoPython    = msg.Define("check.no_python", "python3 was not found: install Python 3 and make sure `python3` is on PATH (%s)", "no se encontró python3: instala Python 3 y asegúrate de que `python3` esté en el PATH (%s)")
	msgInSubfolder = msg.Define("check.in_subfolder", "%s was found in a subfolder (%s) and graded from there; put it at the top of the folder", "%s se encontró en una subcarpeta (%s) y se calificó desde allí; ponlo en la raíz de la carpeta")
)

// locate finds the program file of a submission path: the file itself, or
// the program in the folder. It returns the folder to copy and the
// program's file name in it, or a message for the student.
func locate(path, program string) (dir string, notes []msg.Message, problem *msg.Message) {
	bad := func(k msg.Key, args ...any) (string, []msg.Message, *msg.Message) {
		m := msg.New(k, args...)
		return "", nil, &m
	}
	info, err := os.Stat(path)
	if err != nil {
		return bad(msgNoSuchPath, path, program)
	}
	if !info.IsDir() {
		if filepath.Ext(path) != ".py" {
			return bad(msgWrongFile, path, program)
		}
		if filepath.Base(path) != program {
			return bad(msgMisnamed, program, filepath.Dir(path), filepath.Base(path), program)
		}
		return filepath.Dir(path), nil, nil
	}
	if _, err := os.Stat(filepath.Join(path, program)); err == nil {
		return path, nil, nil
	}
	var nested []string
	filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == program {
			nested = append(nested, p)
		}
		return nil
	})
	switch {
	case len(nested) == 1:
		return filepath.Dir(nested[0]), []msg.Message{msg.New(msgInSubfolder, program, filepath.Dir(nested[0]))}, nil
	case len(nested) > 1:
		return bad(msgSeveral, program, path, strings.Join(nested, ", "))
	}
	if near := similar(path, program); near != "" {
		return bad(msgMisnamed, program, path, near, program)
	}
	return bad(msgMissing, program, path, program)
}

// similar finds a .py file in dir whose name is close to program's
// (mpworker.py, MP_Worker.py, mp_worker (1).py).
func similar(dir, program string) string {
	entries, _ := os.ReadDir(dir)
	want := squash(program)
	var cands []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(n), ".py") {
			continue
		}
		if s := squash(n); strings.Contains(s, strings.TrimSuffix(want, "py")) || strings.Contains(want, strings.TrimSuffix(s, "py")) {
			cands = append(cands, n)
		}
	}
	sort.Strings(cands)
	if len(cands) > 0 {
		return cands[0]
	}
	return ""
}

func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

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

// tempBase is where a grading's temporary folder goes: the usual
// temporary folder, unless submissions run as another user who could not
// pass through it (a TMPDIR inside a private folder), then /tmp.
func tempBase(username string) string {
	base := os.TempDir()
	if username == "" {
		return base
	}
	for dir := base; ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil || info.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if dir == filepath.Dir(dir) {
			return base
		}
	}
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
