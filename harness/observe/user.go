package observe

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
)

// NobodyUID is the uid of "nobody" on Linux, used when the user database
// has no such name.
const NobodyUID = 65534

// UnprivilegedUser returns the user a grader running as root should run
// student programs as ("nobody"), or "" when the observer is not root: an
// ordinary user cannot switch users, and runs programs as itself.
func UnprivilegedUser() string {
	if os.Geteuid() != 0 {
		return ""
	}
	if _, err := user.Lookup("nobody"); err == nil {
		return "nobody"
	}
	return fmt.Sprintf("%d:%d", NobodyUID, NobodyUID)
}

// A runUser is who a program runs as. Its supplementary groups are always
// dropped.
type runUser struct {
	UID  uint32 `json:"uid"`
	GID  uint32 `json:"gid"`
	Name string `json:"name,omitempty"`
}

func (u *runUser) String() string { return fmt.Sprintf("%d:%d", u.UID, u.GID) }

// lookupUser resolves Spec.User: a name, a uid, or uid:gid. It returns nil
// when the program runs as the observer's own user, and an error when it
// asks for another user and the observer is not root.
func lookupUser(spec string) (*runUser, error) {
	if spec == "" {
		return nil, nil
	}
	u := &runUser{}
	uidText, gidText, hasGID := strings.Cut(spec, ":")
	if uid, err := strconv.ParseUint(uidText, 10, 32); err == nil {
		u.UID, u.GID = uint32(uid), uint32(uid)
		if found, err := user.LookupId(uidText); err == nil {
			u.Name = found.Username
			if gid, err := strconv.ParseUint(found.Gid, 10, 32); err == nil {
				u.GID = uint32(gid)
			}
		}
	} else {
		found, err := user.Lookup(uidText)
		if err != nil {
			return nil, fmt.Errorf("run as user %q: no such user on this machine; give an existing name or a numeric uid", spec)
		}
		uid, err1 := strconv.ParseUint(found.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(found.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("run as user %q: its uid %q or gid %q is not numeric", spec, found.Uid, found.Gid)
		}
		u.UID, u.GID, u.Name = uint32(uid), uint32(gid), found.Username
	}
	if hasGID {
		gid, err := strconv.ParseUint(gidText, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("run as user %q: the group after ':' must be a numeric gid", spec)
		}
		u.GID = uint32(gid)
	}
	if int(u.UID) == os.Geteuid() && int(u.GID) == os.Getegid() {
		return nil, nil
	}
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("run as user %q: switching users needs root, and mpgrade runs as uid %d; leave the user empty to run programs as yourself", spec, os.Geteuid())
	}
	return u, nil
}
