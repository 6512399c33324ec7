package kit

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade"
)

// requirement is one line of a go.mod's require directives.
type requirement struct{ Path, Version string }

// modRequirements reads the go directive and the requirements of a go.mod.
func modRequirements(gomod []byte) (goVersion string, reqs []requirement) {
	inBlock := false
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case inBlock && f[0] == ")":
			inBlock = false
		case inBlock && len(f) == 2:
			reqs = append(reqs, requirement{f[0], f[1]})
		case f[0] == "go" && len(f) == 2:
			goVersion = f[1]
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case f[0] == "require" && len(f) == 3:
			reqs = append(reqs, requirement{f[1], f[2]})
		}
	}
	slices.SortFunc(reqs, func(a, b requirement) int { return strings.Compare(a.Path, b.Path) })
	return goVersion, reqs
}

// GoVersion is the go directive of a kit's go.mod: mpgrade's own, since a
// module that requires mpgrade needs at least the Go it needs.
var GoVersion, mpgradeRequirements = modRequirements(mpgrade.GoMod)

// published is the version of mpgrade this program was built from and the
// hash of that version's module zip, when it was built from a published
// module (`go install .../cmd/mpgrade@v1.2.0`, or `go tool mpgrade` in a
// module that requires it); empty when it was built from a checkout.
func published() (version, sum string) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", ""
	}
	if info.Main.Path == Module && strings.HasPrefix(info.Main.Version, "v") && info.Main.Sum != "" {
		return info.Main.Version, info.Main.Sum
	}
	for _, d := range info.Deps {
		if d.Path == Module && d.Replace == nil && d.Sum != "" {
			return d.Version, d.Sum
		}
	}
	return "", ""
}

// mpgradeVersion is the version of mpgrade a kit requires and whether it
// is pinned: a real version the go command can use as written. It is not
// pinned when none is known and no checkout replaces it: go.mod then says
// "latest", which `go mod tidy` resolves.
func mpgradeVersion(opts Options) (version string, pinned bool) {
	own, _ := published()
	switch {
	case opts.MpgradeVersion != "":
		return opts.MpgradeVersion, true
	case own != "":
		return own, true
	case opts.MpgradeReplace != "":
		return unknownVersion, true
	}
	return "latest", false
}

// goMod is the kit's go.mod: mpgrade at version as a requirement and as
// a tool, and every module mpgrade requires, so that the go command finds
// the module graph complete and `go test` needs no `go mod tidy` first.
func goMod(assignment, version string, opts Options) []byte {
	module := opts.ModulePath
	if module == "" {
		module = assignment
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n\ntool %s/cmd/mpgrade\n\nrequire %s %s\n", module, GoVersion, Module, Module, version)
	if len(mpgradeRequirements) > 0 {
		b.WriteString("\nrequire (\n")
		for _, r := range mpgradeRequirements {
			fmt.Fprintf(&b, "\t%s %s // indirect\n", r.Path, r.Version)
		}
		b.WriteString(")\n")
	}
	if opts.MpgradeReplace != "" {
		replace := opts.MpgradeReplace
		if abs, err := filepath.Abs(replace); err == nil {
			replace = abs
		}
		fmt.Fprintf(&b, "\nreplace %s => %s\n", Module, quoteModPath(replace))
	}
	return []byte(b.String())
}

// goSum is the kit's go.sum: mpgrade's own, which holds the hashes of all
// its dependencies, and mpgrade's when the kit requires the very version
// this program was built from. With it the go command verifies every
// module it downloads without asking a checksum database.
func goSum(version string, opts Options) []byte {
	out := bytes.Clone(mpgrade.GoSum)
	if own, sum := published(); opts.MpgradeReplace == "" && own != "" && own == version {
		line := fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", Module, own, sum, Module, own, goModHash(mpgrade.GoMod))
		out = append([]byte(line), out...)
	}
	return out
}

// goModHash is the hash go.sum gives a module's go.mod: the go command's
// "h1" directory hash (golang.org/x/mod/sumdb/dirhash.Hash1) of one file
// named go.mod.
func goModHash(gomod []byte) string {
	summary := fmt.Sprintf("%x  %s\n", sha256.Sum256(gomod), "go.mod")
	sum := sha256.Sum256([]byte(summary))
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}
