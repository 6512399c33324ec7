package observe

// descendantsByScan finds root's descendants by reading the parent of
// every process in /proc. It is the fallback for kernels built without
// /proc/PID/task/TID/children, and costs a read of every process on the
// machine.
func descendantsByScan(root int, out []int) []int {
	r := newProcReader()
	kids := map[int][]int{}
	for _, pid := range numbered("/proc") {
		if st, err := r.stat(pid); err == nil {
			kids[st.ppid] = append(kids[st.ppid], pid)
		}
	}
	start := len(out)
	out = append(out, kids[root]...)
	for i := start; i < len(out); i++ {
		out = append(out, kids[out[i]]...)
	}
	return out
}
