// Command tlogcheck checks Kelisim's journal checkpoints and proofs with Go's own
// implementations, golang.org/x/mod/sumdb/note (C2SP signed notes) and
// golang.org/x/mod/sumdb/tlog (RFC 6962/9162 Merkle trees), so that our TypeScript is
// judged by code we did not write.
//
// It reads one JSON request on stdin and writes one JSON answer on stdout, a verdict per
// item; it exits non-zero only when the request itself cannot be read. Build it offline
// with Debian's golang-go and golang-golang-x-mod-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o tlogcheck ./test/outside/tlogcheck
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type request struct {
	VerifierKey string   `json:"verifierKey"`
	Checkpoint  string   `json:"checkpoint"`
	Records     [][]byte `json:"records"` // every record (event hash) of the tree, in leaf order
	Inclusion   []struct {
		Index  int64    `json:"index"`
		Record []byte   `json:"record"`
		Proof  [][]byte `json:"proof"`
	} `json:"inclusion"`
	Consistency []struct {
		Checkpoint string   `json:"checkpoint"` // an older signed checkpoint
		Proof      [][]byte `json:"proof"`
	} `json:"consistency"`
}

type verdict struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type answer struct {
	Checkpoint  verdict   `json:"checkpoint"`
	Size        int64     `json:"size"`
	Records     *verdict  `json:"records,omitempty"`
	Inclusion   []verdict `json:"inclusion"`
	Consistency []verdict `json:"consistency"`
}

type head struct {
	size int64
	root tlog.Hash
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "tlogcheck: cannot read the request:", err)
		os.Exit(2)
	}
	ans := answer{Inclusion: []verdict{}, Consistency: []verdict{}}
	verifier, err := note.NewVerifier(req.VerifierKey)
	var tree head
	if err == nil {
		tree, err = openCheckpoint(req.Checkpoint, verifier)
	}
	ans.Checkpoint = judge(err)
	ans.Size = tree.size
	if req.Records != nil {
		v := judge(firstErr(err, checkRecords(req.Records, tree)))
		ans.Records = &v
	}
	for _, inc := range req.Inclusion {
		e := err
		if e == nil {
			var proof tlog.RecordProof
			proof, e = hashes(inc.Proof)
			if e == nil {
				e = tlog.CheckRecord(proof, tree.size, tree.root, inc.Index, tlog.RecordHash(inc.Record))
			}
		}
		ans.Inclusion = append(ans.Inclusion, judge(e))
	}
	for _, con := range req.Consistency {
		e := err
		var old head
		if e == nil {
			old, e = openCheckpoint(con.Checkpoint, verifier)
		}
		if e == nil {
			var proof tlog.TreeProof
			proof, e = hashes(con.Proof)
			if e == nil {
				e = tlog.CheckTree(proof, tree.size, tree.root, old.size, old.root)
			}
		}
		ans.Consistency = append(ans.Consistency, judge(e))
	}
	json.NewEncoder(os.Stdout).Encode(ans)
}

// openCheckpoint verifies the signed note and reads its C2SP tlog-checkpoint body:
// origin (which must be the key's name), decimal size, base64 root, optional extensions.
func openCheckpoint(msg string, verifier note.Verifier) (head, error) {
	n, err := note.Open([]byte(msg), note.VerifierList(verifier))
	if err != nil {
		return head{}, err
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return head{}, errors.New("checkpoint has fewer than three lines")
	}
	if lines[0] != verifier.Name() {
		return head{}, fmt.Errorf("checkpoint origin %q is not the key's name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return head{}, fmt.Errorf("checkpoint size %q is not a decimal count", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return head{}, fmt.Errorf("checkpoint root %q is not a base64 SHA-256 hash", lines[2])
	}
	var h head
	h.size = size
	copy(h.root[:], root)
	return h, nil
}

// checkRecords rebuilds the tree from the records with tlog's own storage and hashing
// and compares its root with the checkpoint's.
func checkRecords(records [][]byte, tree head) error {
	if int64(len(records)) != tree.size {
		return fmt.Errorf("%d records for a checkpoint of %d", len(records), tree.size)
	}
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, record := range records {
		more, err := tlog.StoredHashes(int64(i), record, reader)
		if err != nil {
			return err
		}
		stored = append(stored, more...)
	}
	root, err := tlog.TreeHash(tree.size, reader)
	if err != nil {
		return err
	}
	if root != tree.root {
		return fmt.Errorf("the records hash to %v, the checkpoint says %v", root, tree.root)
	}
	return nil
}

func hashes(raw [][]byte) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(raw))
	for i, h := range raw {
		if len(h) != tlog.HashSize {
			return nil, fmt.Errorf("proof hash %d has %d bytes", i, len(h))
		}
		copy(out[i][:], h)
	}
	return out, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func judge(err error) verdict {
	if err != nil {
		return verdict{Error: err.Error()}
	}
	return verdict{OK: true}
}
