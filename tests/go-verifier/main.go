// go-verifier checks Trygglogg's signed checkpoints and proofs with code
// that is not Trygglogg's: Go's golang.org/x/mod/sumdb/note (note.Open)
// and golang.org/x/mod/sumdb/tlog (CheckRecord, CheckTree). CI builds it
// and runs it over real and tampered checkpoints and proofs
// (tests/e2e/go_verifier.rs).
//
// Usage:
//
//	go-verifier -key VERIFIER_KEY -checkpoint NOTE -inclusion PROOF.json
//	go-verifier -key VERIFIER_KEY -checkpoint NOTE -consistency PROOF.json -earlier NOTE
//
// It exits 0 when every part holds, and 1 with the reason on stderr when
// any does not, 2 on bad usage.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// checkpoint is a C2SP tlog-checkpoint: origin, tree size, root hash.
type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

type inclusionProof struct {
	Position int64           `json:"position"`
	TreeSize int64           `json:"tree_size"`
	LeafHash string          `json:"leaf_hash"`
	Proof    []string        `json:"proof"`
	Record   json.RawMessage `json:"record"`
}

type consistencyProof struct {
	From  int64    `json:"from"`
	To    int64    `json:"to"`
	Proof []string `json:"proof"`
}

func main() {
	key := flag.String("key", "", "the signed-note verifier key")
	checkpointFile := flag.String("checkpoint", "", "the signed checkpoint")
	inclusionFile := flag.String("inclusion", "", "an inclusion proof (JSON)")
	consistencyFile := flag.String("consistency", "", "a consistency proof (JSON)")
	earlierFile := flag.String("earlier", "", "the earlier checkpoint, for -consistency")
	flag.Parse()
	if *key == "" || *checkpointFile == "" || (*inclusionFile == "") == (*consistencyFile == "") ||
		(*consistencyFile != "") != (*earlierFile != "") {
		fmt.Fprintln(os.Stderr, "usage: go-verifier -key K -checkpoint NOTE (-inclusion P | -consistency P -earlier NOTE)")
		os.Exit(2)
	}
	verifier, err := note.NewVerifier(*key)
	if err != nil {
		fail("the key: %v", err)
	}
	later := open(*checkpointFile, verifier)
	if *inclusionFile != "" {
		checkInclusion(later, *inclusionFile)
		fmt.Printf("ok: the record at the proof's position is in the tree of %d records\n", later.size)
		return
	}
	earlier := open(*earlierFile, verifier)
	checkConsistency(earlier, later, *consistencyFile)
	fmt.Printf("ok: the tree of %d records extends the tree of %d\n", later.size, earlier.size)
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go-verifier: "+format+"\n", args...)
	os.Exit(1)
}

func read(file string) []byte {
	data, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	return data
}

// open verifies the note with note.Open and parses its text as a C2SP
// checkpoint. tlog.ParseTree wants the go.sum database's own header, so
// the three lines are parsed here.
func open(file string, verifier note.Verifier) checkpoint {
	n, err := note.Open(read(file), note.VerifierList(verifier))
	if err != nil {
		fail("%s: note.Open: %v", file, err)
	}
	lines := strings.SplitAfter(n.Text, "\n")
	// Three lines, each ending in a newline, then nothing: SplitAfter
	// leaves an empty last element.
	if len(lines) != 4 || lines[3] != "" {
		fail("%s: the checkpoint has %d lines, not 3", file, len(lines)-1)
	}
	origin := strings.TrimSuffix(lines[0], "\n")
	if origin != verifier.Name() {
		fail("%s: the checkpoint's origin %q is not the key's name %q", file, origin, verifier.Name())
	}
	sizeText := strings.TrimSuffix(lines[1], "\n")
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeText {
		fail("%s: the tree size %q is not a decimal number", file, sizeText)
	}
	root, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(lines[2], "\n"))
	if err != nil || len(root) != tlog.HashSize {
		fail("%s: the root hash is not 32 bytes of base64", file)
	}
	var hash tlog.Hash
	copy(hash[:], root)
	return checkpoint{origin: origin, size: size, root: hash}
}

func parseHash(what, text string) tlog.Hash {
	raw, err := hex.DecodeString(text)
	if err != nil || len(raw) != tlog.HashSize {
		fail("%s is not 64 hex digits: %q", what, text)
	}
	var hash tlog.Hash
	copy(hash[:], raw)
	return hash
}

func parseProof(nodes []string) []tlog.Hash {
	proof := make([]tlog.Hash, len(nodes))
	for k, node := range nodes {
		proof[k] = parseHash(fmt.Sprintf("proof node %d", k), node)
	}
	return proof
}

func decode(file string, into interface{}) {
	decoder := json.NewDecoder(bytes.NewReader(read(file)))
	if err := decoder.Decode(into); err != nil {
		fail("%s: %v", file, err)
	}
}

func checkInclusion(c checkpoint, file string) {
	var p inclusionProof
	decode(file, &p)
	if p.TreeSize != c.size {
		fail("the proof is for a tree of %d records, the checkpoint's has %d", p.TreeSize, c.size)
	}
	if p.Position < 1 || p.Position > c.size {
		fail("position %d is not in a tree of %d records", p.Position, c.size)
	}
	leaf := parseHash("leaf_hash", p.LeafHash)
	if len(p.Record) > 0 {
		// The record as stored: its exact bytes, as the proof carries them.
		if got := tlog.RecordHash(p.Record); got != leaf {
			fail("the leaf: the record hashes to %x, the proof's leaf_hash is %x", got[:], leaf[:])
		}
	}
	if err := tlog.CheckRecord(parseProof(p.Proof), c.size, c.root, p.Position-1, leaf); err != nil {
		fail("tlog.CheckRecord: %v", err)
	}
}

func checkConsistency(earlier, later checkpoint, file string) {
	var p consistencyProof
	decode(file, &p)
	if p.From != earlier.size || p.To != later.size {
		fail("the proof is from %d to %d records, the checkpoints are of %d and %d", p.From, p.To, earlier.size, later.size)
	}
	proof := parseProof(p.Proof)
	if earlier.size == 0 {
		// The empty tree is the beginning of every tree; tlog.CheckTree
		// starts at one record.
		if len(proof) != 0 {
			fail("a proof from the empty tree has no nodes")
		}
		if earlier.root != tlog.Hash(sha256.Sum256(nil)) {
			fail("the earlier checkpoint's root is not the empty tree's")
		}
		return
	}
	if err := tlog.CheckTree(proof, later.size, later.root, earlier.size, earlier.root); err != nil {
		fail("tlog.CheckTree: %v", err)
	}
}
