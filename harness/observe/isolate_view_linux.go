package observe

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// systemDirs are the folders of the machine every isolated run sees,
// read-only: the programs, the libraries and the system's configuration
// (the dynamic loader's cache, time zones, locales, users' names).
// Where one is a link (/bin -> usr/bin), the run gets the same link.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"}

// sysVisible are the parts of /sys a run sees, read-only: how many CPUs
// the machine has online, which the C library reads for os.cpu_count().
var sysVisible = []string{"/sys/devices/system/cpu"}

// devices are the device files of the run's own /dev, bound from the
// machine's.
var devices = []string{"null", "zero", "full", "random", "urandom", "tty"}

// viewBase is the folder the view is built in: a tmpfs mounted there
// becomes the root for a moment, and the machine's root is then reached
// as viewBase/oldroot until it is let go.
const viewBase = "/tmp"

// A bind is a file or folder of the machine that the view shows at the
// same path.
type bind struct {
	path     string
	writable bool
}

// enterView replaces the file system this process sees (in a mount
// namespace of its own) by the run's view: a read-only root holding
// systemDirs, the installation of program, the current folder (the work
// folder, writable), iso.Visible, a /dev of a few devices, a private
// tmpfs on /tmp and /dev/shm, and the run's /proc. Nothing else of the
// machine stays reachable: the old root is detached.
func enterView(iso *isolateConfig, program string) error {
	binds, wd, err := planView(iso, program)
	if err != nil {
		return fmt.Errorf("plan the run's file system: %w", err)
	}
	steps := []struct {
		what string
		do   func() error
	}{
		{"make the mounts private", func() error { return unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "") }},
		{"mount a tmpfs for the view", func() error {
			return unix.Mount("mpgrade", viewBase, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755")
		}},
		{"move to the view", func() error { return pivotInto(viewBase) }},
		{"build the view", func() error { return buildView(iso, binds) }},
		{"let the machine's root go", func() error { return leaveOldRoot(wd) }},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	return nil
}

// planView lists what the view binds from the machine, by their real
// paths, and returns the current folder.
func planView(iso *isolateConfig, program string) ([]bind, string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, "", err
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	var binds []bind
	add := func(path string, writable bool) {
		if path == "" || path == "/" {
			return
		}
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
		if _, err := os.Stat(path); err != nil {
			return
		}
		if !writable && underAny(path, systemDirs) {
			return
		}
		binds = append(binds, bind{path: path, writable: writable})
	}
	if filepath.IsAbs(program) {
		add(installationOf(program), false)
		if real, err := filepath.EvalSymlinks(program); err == nil {
			add(installationOf(real), false)
		}
	}
	for _, v := range iso.Visible {
		if filepath.IsAbs(v) {
			add(v, false)
		}
	}
	add(wd, true)
	return binds, wd, nil
}

// installationOf is the folder a program is installed in: the one above
// its bin folder (/opt/python3.11 for /opt/python3.11/bin/python3), or
// its own folder when that is the root's child.
func installationOf(program string) string {
	dir := filepath.Dir(program)
	if up := filepath.Dir(dir); up != "/" {
		return up
	}
	return dir
}

// underAny says whether path is one of dirs or inside one.
func underAny(path string, dirs []string) bool {
	for _, d := range dirs {
		if path == d || strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}

// pivotInto makes the tmpfs at base the root, with the old root at
// /oldroot and an empty /newroot for the view.
func pivotInto(base string) error {
	for _, d := range []string{"oldroot", "newroot"} {
		if err := os.Mkdir(filepath.Join(base, d), 0o755); err != nil {
			return err
		}
	}
	if err := unix.PivotRoot(base, filepath.Join(base, "oldroot")); err != nil {
		return err
	}
	if err := unix.Chdir("/"); err != nil {
		return err
	}
	return unix.Mount("mpgrade", "/newroot", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755")
}

// buildView fills /newroot: every path of the machine is read at
// /oldroot.
func buildView(iso *isolateConfig, binds []bind) error {
	for _, d := range systemDirs {
		if err := showSystemDir(d); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	size := ""
	if iso.TmpBytes > 0 {
		size = ",size=" + strconv.FormatInt(iso.TmpBytes, 10)
	}
	for _, d := range []string{"/tmp", "/dev/shm"} {
		if err := mkdirAll("/newroot" + d); err != nil {
			return err
		}
		if d == "/dev/shm" {
			if err := makeDev(); err != nil {
				return fmt.Errorf("/dev: %w", err)
			}
		}
		if err := unix.Mount("mpgrade", "/newroot"+d, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=1777"+size); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	if err := mkdirAll("/newroot/proc"); err != nil {
		return err
	}
	// Processes of other users, the helper among them when it is root,
	// are not even listed.
	if err := unix.Mount("proc", "/newroot/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "hidepid=2"); err != nil {
		return fmt.Errorf("/proc: %w", err)
	}
	for _, s := range sysVisible {
		if _, err := os.Stat("/oldroot" + s); err == nil {
			binds = append([]bind{{path: s}}, binds...)
		}
	}
	for _, b := range binds {
		if err := bindFromMachine(b); err != nil {
			return fmt.Errorf("%s: %w", b.path, err)
		}
	}
	return nil
}

// showSystemDir puts d of the machine in the view: the same link, or the
// folder read-only.
func showSystemDir(d string) error {
	info, err := os.Lstat("/oldroot" + d)
	switch {
	case err != nil:
		return nil // not on this machine
	case info.Mode()&os.ModeSymlink != 0:
		target, err := os.Readlink("/oldroot" + d)
		if err != nil {
			return err
		}
		return os.Symlink(target, "/newroot"+d)
	case !info.IsDir():
		return nil
	}
	return bindFromMachine(bind{path: d})
}

// bindFromMachine binds b.path of the machine at the same path of the
// view, read-only unless b.writable, never honouring set-uid bits.
func bindFromMachine(b bind) error {
	src, dst := "/oldroot"+b.path, "/newroot"+b.path
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if info.IsDir() {
		err = mkdirAll(dst)
	} else {
		err = makeFile(dst)
	}
	if err != nil {
		return err
	}
	if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return err
	}
	flags := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_NOSUID)
	if !b.writable {
		flags |= unix.MS_RDONLY
	}
	return unix.Mount("", dst, "", flags|lockedFlags(dst), "")
}

// lockedFlags are the flags of the mount at path that a remount must keep:
// inside a user namespace the kernel refuses to drop nodev, noexec or the
// access time settings of a mount made outside it.
func lockedFlags(path string) uintptr {
	var st unix.Statfs_t
	if unix.Statfs(path, &st) != nil {
		return 0
	}
	var flags uintptr
	for _, f := range []struct{ st, ms int64 }{
		{unix.ST_NODEV, unix.MS_NODEV}, {unix.ST_NOEXEC, unix.MS_NOEXEC}, {unix.ST_RDONLY, unix.MS_RDONLY},
		{unix.ST_NOATIME, unix.MS_NOATIME}, {unix.ST_NODIRATIME, unix.MS_NODIRATIME}, {unix.ST_RELATIME, unix.MS_RELATIME},
	} {
		if st.Flags&f.st != 0 {
			flags |= uintptr(f.ms)
		}
	}
	return flags
}

// makeDev makes the view's /dev: a tmpfs with a few devices of the
// machine and the usual links into /proc.
func makeDev() error {
	if err := unix.Mount("mpgrade", "/newroot/dev", "tmpfs", unix.MS_NOSUID|unix.MS_NOEXEC, "mode=0755"); err != nil {
		return err
	}
	if err := mkdirAll("/newroot/dev/shm"); err != nil {
		return err
	}
	for _, d := range devices {
		if _, err := os.Stat("/oldroot/dev/" + d); err != nil {
			continue
		}
		if err := makeFile("/newroot/dev/" + d); err != nil {
			return err
		}
		if err := unix.Mount("/oldroot/dev/"+d, "/newroot/dev/"+d, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	for name, target := range map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0",
		"stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"} {
		if err := os.Symlink(target, "/newroot/dev/"+name); err != nil {
			return err
		}
	}
	return nil
}

// leaveOldRoot detaches the machine's root, makes /newroot the root,
// read-only, and goes back to the folder the process was in.
func leaveOldRoot(wd string) error {
	if err := unix.Unmount("/oldroot", unix.MNT_DETACH); err != nil {
		return err
	}
	if err := unix.Chdir("/newroot"); err != nil {
		return err
	}
	// The usual way to pivot into the current folder: the old root (the
	// view's tmpfs) ends up stacked on the new one, and is let go.
	if err := unix.PivotRoot(".", "."); err != nil {
		return err
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return err
	}
	if err := unix.Chdir("/"); err != nil {
		return err
	}
	if err := unix.Mount("", "/", "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("make the root read-only: %w", err)
	}
	if err := unix.Chdir(wd); err != nil {
		return fmt.Errorf("the work folder %s: %w", wd, err)
	}
	return nil
}

// mkdirAll makes path of the view and the folders above it, each with the
// mode and owner of the machine's folder of the same path (/root stays
// closed to other users), or 0755 where the machine has none.
func mkdirAll(path string) error {
	if info, err := os.Stat(path); err == nil {
		if !info.IsDir() {
			return fmt.Errorf("%s: %w", path, errNotDir)
		}
		return nil
	}
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		return err
	}
	mode, uid, gid := uint32(0o755), -1, -1
	if rest, ok := strings.CutPrefix(path, "/newroot/"); ok {
		var st unix.Stat_t
		if unix.Stat("/oldroot/"+rest, &st) == nil {
			mode, uid, gid = st.Mode&0o7777, int(st.Uid), int(st.Gid)
		}
	}
	if err := os.Mkdir(path, 0o700); err != nil && !os.IsExist(err) {
		return err
	}
	if uid >= 0 {
		os.Lchown(path, uid, gid) // not possible in a user namespace: the folder is then the user's
	}
	return unix.Chmod(path, mode)
}

// makeFile makes an empty file to bind a file onto.
func makeFile(path string) error {
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}
